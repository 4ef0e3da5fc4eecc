import { type PermissionAction, UserError } from '../errors.ts';
import type { Request } from './types.ts';

/**
 * Server-side permission check. Discord's default member permissions only hide a command; a server
 * admin can override them, so anything that changes server state checks again here.
 */
export function requireManageGuild(req: Request, action: PermissionAction): void {
  if (!req.member.manageGuild) throw new UserError('permission.manage-guild', { action });
}
