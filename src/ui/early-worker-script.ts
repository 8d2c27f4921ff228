// The inline script the build puts at the top of index.html (vite.config.ts, earlyEngineWorker):
// it starts the engine worker while the page's modules are still downloading, and names it
// AHEAD_WORKER_NAME (the worker then compiles the default scenario by itself) when the page will
// open the default scenario: no share link in the fragment, and an embed or no saved work. It
// mirrors, in plain ES5, the app's rules that first-run.ts guessFirstCompile calls:
// hasShareFragment (src/ui/share/fragment.ts) and isEmbedPage (= parseEmbedOptions(search).embed).
// Saved work is any stored value here (the guess parses it): text the store would not take as
// saved work leaves the worker unnamed, and the client primes the default scenario instead.
// first-run.test.ts runs this script against the app's rules. Imported by vite.config.ts: no
// imports but tiny modules with type-only imports.
import { AHEAD_WORKER_NAME } from '../worker/protocol';
import { EMBED_ON } from './first-run';
import { STORAGE_KEY } from './saved';

/** The script's text, for a worker module at `workerUrl` (relative to the page). */
export function earlyWorkerScript(workerUrl: string): string {
  const on = `/^(${EMBED_ON.join('|')})$/`;
  return (
    `(function(){try{var saved=null;try{saved=localStorage.getItem(${JSON.stringify(STORAGE_KEY)})}catch(e){}` +
    `var embed=new URLSearchParams(location.search.split('#')[0]).get('embed');embed=embed!==null&&${on}.test(embed.toLowerCase());` +
    `var ahead=!/(^#?|&)s=/.test(location.hash)&&(embed||!saved);` +
    `var w=new Worker(${JSON.stringify(workerUrl)},ahead?{type:'module',name:${JSON.stringify(AHEAD_WORKER_NAME)}}:{type:'module'}),s={worker:w,error:null};` +
    `w.addEventListener('error',function(e){s.error=s.error||e.message||'worker error'});window.__hopscopeEngine=s}catch(e){}})()`
  );
}
