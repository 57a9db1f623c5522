/**
 * A reference below the floor: a Worker invocation and a 302, with no storage at all (the
 * Location comes from a binding). The gap between this and floor.js is what a KV read costs here.
 */
export default {
  fetch(_request, env) {
    return new Response(null, { status: 302, headers: { Location: env.LOCATION } })
  },
}
