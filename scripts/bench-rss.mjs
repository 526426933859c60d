// Runs the CLI in-process and prints its peak resident memory on exit (for npm run bench).
process.on('exit', () => process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\n`));
const cli = await import(new URL('../dist/cli.cjs', import.meta.url).href);
await cli.main([process.argv[0], 'kube-intent', ...process.argv.slice(2)]);
