/**
 * A Miniflare plugin (loaded through `unsafeBindings`) that puts bench/workers/kv-meter.js between
 * a Worker's KV binding and Miniflare's local KV storage.
 *
 * Why not `wrappedBindings`: Miniflare 5 (the one wrangler 4.164 ships) no longer has that option;
 * `convertV4MiniflareOptions` silently drops it. Its plugin interface still builds raw workerd
 * bindings, so this plugin makes:
 *   type "kv-metered"  a real workerd KV binding (`kvNamespace`) whose storage service is the meter
 *                      Worker, with the namespace id passed as the meter's ctx.props;
 *   type "kv-upstream" on the meter: a service binding to Miniflare's own KV entry service.
 * The Worker under test gets a genuine KVNamespace: no wrapper object, no change to its code.
 */
import { KV_LOCAL_ENTRY_SERVICE_NAME } from 'miniflare'

const bindingsOfType = (config, type) => Object.entries(config.env ?? {}).filter(([, b]) => b.type === type)

/** Miniflare names the workerd service of a user Worker `core:user:<name>`. */
const userService = (workerName) => `core:user:${workerName}`

export const plugins = {
  benchKvMeter: {
    bindingTypeDescription: 'bench KV meter',
    getBindings(options) {
      const metered = bindingsOfType(options.config, 'unsafe:kv-metered').map(([name, b]) => ({
        name,
        kvNamespace: {
          name: userService(b.dev.options.meter),
          props: { json: JSON.stringify({ namespace: b.dev.options.namespace }) },
        },
      }))
      const upstream = bindingsOfType(options.config, 'unsafe:kv-upstream').map(([name]) => ({
        name,
        service: { name: KV_LOCAL_ENTRY_SERVICE_NAME },
      }))
      return [...metered, ...upstream]
    },
    getNodeBindings() {
      return {}
    },
    getServices() {
      return undefined
    },
  },
}

const PLUGIN = { package: new URL(import.meta.url).pathname, name: 'benchKvMeter' }

/** `unsafeBindings` entry: `binding` is a KV namespace `namespace`, every call going through `meter`. */
export function meteredKv(binding, namespace, meter) {
  return { name: binding, type: 'kv-metered', plugin: PLUGIN, options: { meter, namespace } }
}

/** The meter Worker's options: forwards to Miniflare's KV; `namespaces` makes sure that KV exists. */
export function meterWorker(name, scriptPath, namespaces, compatibilityDate) {
  return {
    name,
    modules: true,
    scriptPath,
    compatibilityDate,
    // A plain binding per namespace: Miniflare only starts its KV storage for Workers that have one.
    kvNamespaces: Object.fromEntries(namespaces.map((ns, i) => [`NS_${i}`, ns])),
    unsafeBindings: [{ name: 'UPSTREAM', type: 'kv-upstream', plugin: PLUGIN, options: {} }],
  }
}
