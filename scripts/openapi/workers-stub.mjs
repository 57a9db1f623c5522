// What the app needs of 'cloudflare:workers' to be imported in Node: its classes only exist.
export class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx
    this.env = env
  }
}
export const env = {}
