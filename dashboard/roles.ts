/**
 * @module What the one signed in may do, so the dashboard offers nothing the API would refuse.
 * Each action needs the role its route asks for (op({ role }) in src/routes/): making, changing
 * and refreshing links and reading their history are an editor's; deleting links and managing
 * keys, an admin's; reading, anyone's.
 */
import { type Role, roleAtLeast } from '../src/auth/roles'
import { session } from './session'

const NEEDS = {
  /** POST /api/links, PATCH /api/links/:code, POST /api/links/:code/refresh */
  edit: 'editor',
  /** GET /api/audit */
  history: 'editor',
  /** DELETE /api/links/:code */
  delete: 'admin',
  /** GET, POST /api/keys, DELETE /api/keys/:id */
  keys: 'admin',
} as const satisfies Record<string, Role>

export type Action = keyof typeof NEEDS

export const can = (role: Role | undefined, action: Action) => role !== undefined && roleAtLeast(role, NEEDS[action])

/** In a view: whether the one signed in may do `action` (drawn again if that changes). */
export function useCan(): (action: Action) => boolean {
  const role = session.use().me?.role
  return (action) => can(role, action)
}
