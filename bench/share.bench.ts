// `npx tsx bench/share.bench.ts`: how long and how fast the share link of the largest seed lab is.
// Prints the link length (with and without the v1 dictionary), the median encode and decode times
// (decode = everything opening a link costs before compile: base64url, bounded inflate, UTF-8,
// JSON, migration, validation), a deflate bomb's refusal time, and, as the LAST line, one JSON
// object with those figures. Time is measured here only; no test asserts on it.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { deflateSync } from 'fflate';
import { decodeShare, dictionaryV1, encodeShare, shareUrl } from '../src/share/codec';
import { toBase64Url } from '../src/share/base64url';
import { exportScenarioFile, importScenarioFile } from '../src/share/yaml-file';
import type { ShareState } from '../src/share/state';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(ROOT, 'scenarios');
const largest = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ f, text: readFileSync(join(dir, f), 'utf8') }))
  .sort((a, b) => b.text.length - a.text.length)[0];

const state: ShareState = {
  manifests: largest.text,
  lab: null,
  requests: [{ from: 'router', curl: 'curl -sk https://webpod.cilium.rocks/ --resolve webpod.cilium.rocks:443:192.168.10.211' }],
  selected: 0,
  step: 7,
  lens: 'hubble',
  view: { zoom: 1.2, x: 30, y: -10, theme: 'dark' },
  scenario: largest.f.replace(/\.yaml$/, ''),
};

function median(runs: number, fn: () => void): number {
  for (let i = 0; i < 10; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const dictT0 = performance.now();
dictionaryV1();
const dictionaryMs = performance.now() - dictT0;
const url = shareUrl('https://hopscope.example/', state);
const plainJson = new TextEncoder().encode(JSON.stringify(state));
const withoutDictionary = 'https://hopscope.example/#s=v1.'.length + toBase64Url(deflateSync(plainJson, { level: 9 })).length;
const encodeMs = median(200, () => encodeShare(state));
const decodeMs = median(200, () => {
  const r = decodeShare(url);
  if (!r.ok) throw new Error(r.error.message);
});
const bomb = `#s=v1.${toBase64Url(deflateSync(new TextEncoder().encode(`{"manifests":"${'a'.repeat(16 * 1024 * 1024)}"}`), { level: 9, dictionary: dictionaryV1() }))}`;
const bombMs = median(20, () => decodeShare(bomb));
const fileMs = median(50, () => importScenarioFile(exportScenarioFile(state)));

console.log(`largest seed lab: ${largest.f}, ${largest.text.length} characters of YAML`);
console.log(`share link: ${url.length} characters (target < 4,000); without the v1 dictionary it would be ${withoutDictionary}`);
console.log(`encode: median ${encodeMs.toFixed(2)} ms`);
console.log(`decode (open a link, before compile): median ${decodeMs.toFixed(2)} ms (target ≤ 200 ms); building the v1 dictionary, once per page load: ${dictionaryMs.toFixed(2)} ms`);
console.log(`deflate bomb (${bomb.length} characters -> 16 MiB): refused in median ${bombMs.toFixed(2)} ms`);
console.log(`scenario file export + import: median ${fileMs.toFixed(2)} ms`);
console.log(JSON.stringify({ scenario: largest.f, linkChars: url.length, linkCharsNoDictionary: withoutDictionary, encodeMs: +encodeMs.toFixed(3), decodeMs: +decodeMs.toFixed(3), dictionaryMs: +dictionaryMs.toFixed(3), bombRefuseMs: +bombMs.toFixed(3), fileRoundTripMs: +fileMs.toFixed(3) }));
