#!/usr/bin/env node
// npm leaves platform-specific optional dependencies (oxc-parser's native bindings) out of package-lock.json when the
// registry it talks to does not serve them, and `npm ci` then refuses the lock ("Missing: ... from lock file";
// npm/cli#4828, #8320). This adds an entry for each missing one, with the os/cpu/libc its name states, so `npm ci`
// skips them on other platforms and installs the right one elsewhere. Run after `npm install`: npm run lock:platforms
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM = /-(android|darwin|freebsd|linux|openharmony|win32|wasm32)-(arm64|arm|x64|ia32|ppc64|riscv64|s390x|wasi)(?:-(gnu|musl|gnueabihf|musleabihf|msvc|eabi))?$/;

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (lock.packages[`node_modules/${name}`] || lock.packages[nested]) continue;
    const m = PLATFORM.exec(name);
    const platform = m
      ? {
          os: [m[1]],
          cpu: [m[2] === 'wasi' ? 'wasm32' : m[2]],
          ...(m[3]?.startsWith('gnu') ? { libc: ['glibc'] } : m[3]?.startsWith('musl') ? { libc: ['musl'] } : {}),
        }
      : {};
    lock.packages[`node_modules/${name}`] = { version, optional: true, ...platform };
    added++;
  }
}
const sorted = Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0));
lock.packages = Object.fromEntries(sorted);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platforms: added ${added} platform entries`);
