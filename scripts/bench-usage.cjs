// Preloaded by npm run bench into every measured process: reports its own CPU time and peak RSS on exit.
process.on('exit', () => {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  process.stderr.write(`kube-intent-bench cpu=${userCPUTime + systemCPUTime} maxRSS=${maxRSS}\n`);
});
