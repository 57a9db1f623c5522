/**
 * @module Roles, and who holds which: ACCESS_ROLES parsed into ordered rules, and the first rule
 * that matches a signed-in identity decides its role.
 *
 * Syntax: `role=pattern;role=pattern`, a role may list several patterns separated by commas
 * (`editor=*@yourpaper.com,*@partner.example`), each becoming a rule in the order written.
 * A pattern is an email (`ed@yourpaper.com`, any case), `*@domain` (every address at exactly
 * that domain, not its subdomains), or a service token's Client ID (`<id>.access`).
 */

export const ROLES = ['viewer', 'editor', 'admin'] as const
export type Role = (typeof ROLES)[number]

export interface RoleRule {
  role: Role
  /** Lower-cased as written: `ed@yourpaper.com`, `*@yourpaper.com` or `<id>.access`. */
  pattern: string
}

/** Who a rule is matched against: a person (email) or a service token (its Client ID). */
export type IdentityKind = 'user' | 'service'

/** True when `have` grants at least what `need` does: roles are ordered viewer < editor < admin. */
export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need)
}

// Deliberately loose (the identity provider verified the address), but tight enough to refuse
// what is surely a typo: a space, a second '@', a '*' anywhere but the whole local part.
const EMAIL = /^[^\s@*,;=]+@[^\s@*,;=.][^\s@*,;=]*\.[^\s@*,;=]+$/
const DOMAIN_WILDCARD = /^\*@[^\s@*,;=.][^\s@*,;=]*\.[^\s@*,;=]+$/
const SERVICE_TOKEN = /^[\w-]+\.access$/

/** Parses ACCESS_ROLES; every entry it cannot use is a problem, a sentence for /healthz. */
export function parseAccessRoles(text: string): { rules: RoleRule[]; problems: string[] } {
  const rules: RoleRule[] = []
  const problems: string[] = []
  for (const entry of text.split(';').map((s) => s.trim())) {
    if (!entry) continue
    const eq = entry.indexOf('=')
    if (eq < 0) {
      problems.push(`'${entry}' is not role=pattern, e.g. editor=*@yourpaper.com`)
      continue
    }
    const role = entry.slice(0, eq).trim().toLowerCase()
    if (!(ROLES as readonly string[]).includes(role)) {
      problems.push(`'${entry}': '${role}' is not a role (the roles are ${ROLES.join(', ')})`)
      continue
    }
    const patterns = entry
      .slice(eq + 1)
      .split(',')
      .map((p) => p.trim().toLowerCase())
    for (const pattern of patterns) {
      if (!pattern) problems.push(`'${entry}' has an empty pattern`)
      else if (!isPattern(pattern)) {
        problems.push(`'${entry}': '${pattern}' is not an email, *@domain or service token Client ID (<id>.access)`)
      } else rules.push({ role: role as Role, pattern })
    }
  }
  if (rules.length === 0 && problems.length === 0) problems.push('lists no rule, e.g. admin=ed@yourpaper.com;editor=*@yourpaper.com')
  problems.push(...shadowed(rules))
  return { rules, problems }
}

function isPattern(pattern: string): boolean {
  return EMAIL.test(pattern) || DOMAIN_WILDCARD.test(pattern) || SERVICE_TOKEN.test(pattern)
}

/**
 * Rules that can never apply because an earlier rule with another role matches everyone they
 * match (`editor=*@x.com;admin=ed@x.com`): with first-match-wins, someone would silently get a
 * role other than the one written for them, so it is a problem rather than a quirk.
 */
function shadowed(rules: RoleRule[]): string[] {
  const problems: string[] = []
  rules.forEach((later, i) => {
    const earlier = rules.slice(0, i).find((r) => r.role !== later.role && covers(r.pattern, later.pattern))
    if (earlier) {
      problems.push(
        `${later.role}=${later.pattern} never applies: ${earlier.role}=${earlier.pattern} comes first and matches it (put the narrower rule first)`,
      )
    }
  })
  return problems
}

/** True when every identity `narrow` matches is matched by `wide` too. */
function covers(wide: string, narrow: string): boolean {
  if (wide === narrow) return true
  return wide.startsWith('*@') && !narrow.startsWith('*@') && matches(wide, narrow, 'user')
}

function matches(pattern: string, identity: string, kind: IdentityKind): boolean {
  if (!pattern.startsWith('*@')) return pattern === identity
  // A service token is matched only by its exact Client ID: its name is not an address that
  // anyone verified, so a domain wildcard must never catch it.
  if (kind === 'service') return false
  const at = identity.lastIndexOf('@')
  return at > 0 && identity.slice(at + 1) === pattern.slice(2)
}

/**
 * The role of the first rule that matches, or null (no role: the caller answers 403). Emails
 * compare case-insensitively; `kind: 'service'` considers exact patterns only.
 */
export function roleFor(email: string, rules: RoleRule[], kind: IdentityKind = 'user'): Role | null {
  const identity = email.trim().toLowerCase()
  if (!identity) return null
  return rules.find((rule) => matches(rule.pattern, identity, kind))?.role ?? null
}
