import { type PermissionAction, UserError } from '../errors.ts';

/** Who is acting, as Discord resolved it; checked here because Discord's own gate can be overridden. */
export interface Actor {
  userId: string;
  manageGuild: boolean;
  roleIds: string[];
}

/** Starting and closing drills, and adjusting scores: Manage Server, or the server's drill-runner role. */
export function requireDrillRunner(actor: Actor, runnerRoleId: string | null, action: PermissionAction): void {
  if (actor.manageGuild) return;
  if (runnerRoleId && actor.roleIds.includes(runnerRoleId)) return;
  throw runnerRoleId
    ? new UserError('permission.manage-guild-or-role', { action, roleId: runnerRoleId })
    : new UserError('permission.manage-guild', { action });
}
