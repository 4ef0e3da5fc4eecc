import { type PermissionAction, UserError } from '../errors.ts';
import type { Request } from './types.ts';

/**
 * Server-side permission check. Discord's default member permissions only hide a command; a server
 * admin can override them, so anything that changes server state checks again here.
 */
export function requireManageGuild(req: Request, action: PermissionAction): void {
  if (!req.member.manageGuild) throw new UserError('permission.manage-guild', { action });
}

/** Manage Server, or the server's configured role (e.g. the drill-runner role). */
export function requireManageGuildOrRole(req: Request, roleId: string | null | undefined, what: string): void {
  if (req.member.manageGuild) return;
  if (roleId && req.member.roleIds.includes(roleId)) return;
  throw new UserError(
    roleId
      ? `You need the Manage Server permission or the <@&${roleId}> role to ${what}.`
      : `You need the Manage Server permission to ${what}.`,
  );
}
