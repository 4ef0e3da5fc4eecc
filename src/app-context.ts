import type { AppContext } from './context.ts';
import { DrillBackground } from './drills/background.ts';
import { Cooldowns } from './guild/cooldowns.ts';

/** A context from its parts, with this process's own cooldowns and drill background work. */
export function createAppContext(parts: Omit<AppContext, 'cooldowns' | 'drills'>): AppContext {
  return { ...parts, cooldowns: new Cooldowns(parts.clock), drills: new DrillBackground(parts) };
}
