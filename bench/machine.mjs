// What the numbers were measured on.

import { readFileSync } from 'node:fs';
import os from 'node:os';

export function describeMachine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const field = (name) => cpuinfo.match(new RegExp(`^${name}\\s*:\\s*(.+)$`, 'm'))?.[1]?.trim();
  // Virtual machines often name the CPU vaguely ("AMD EPYC"); family and model tell its generation.
  const generation = field('cpu family') ? ` (family ${field('cpu family')}, model ${field('model')})` : '';
  const clock = field('cpu MHz') ? `, ${Math.round(Number(field('cpu MHz')))} MHz` : '';
  return {
    cpu: `${field('model name') ?? os.cpus()[0]?.model ?? 'unknown'}${generation}${clock}`,
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 2 ** 30,
    // A busy machine makes every number slower and noisier: the report shows this.
    loadAverage: os.loadavg()[0],
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}
