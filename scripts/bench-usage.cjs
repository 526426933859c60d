// Preloaded by npm run bench into every measured process: reports its own CPU time and peak RSS on exit.
// Written to the file descriptor: process.stderr would load Node's streams into every measured
// process (~8 ms), a cost that is the probe's, not the program's.
process.on('exit', () => {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  require('node:fs').writeSync(2, `kube-intent-bench cpu=${userCPUTime + systemCPUTime} maxRSS=${maxRSS}\n`);
});
