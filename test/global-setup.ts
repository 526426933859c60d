// CLI tests run the built binary as a user would: build it once before the suite.
export default async function setup(): Promise<void> {
  // @ts-expect-error plain JavaScript build script
  const { build } = await import('../scripts/build.mjs');
  await build({ types: false });
}
