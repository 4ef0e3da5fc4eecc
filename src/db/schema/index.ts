export * from './content.ts';
export * from './guild.ts';
export * from './schedule.ts';
export * from './drills.ts';
export * from './practice.ts';
export * from './search.ts';
