/** The shape of client.ts as the test calls it, without the generated types (which a fresh clone lacks until the test runs). */
export declare function roundTrip(
  base: string,
  key: string,
  url: string,
): Promise<{ link: Record<string, unknown> & { code: string }; read: unknown; stats: unknown }>
