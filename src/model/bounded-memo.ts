// A memo for a pure function of a text or number key, bounded so a long session cannot grow it
// without end: when full it starts over. Only for pure functions: nothing of one lab may leak
// into another through it (docs/performance.md, "Caches and purity").
export function boundedMemo<K extends string | number, V>(max: number, fn: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key: K): V => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      v = fn(key);
      cache.set(key, v);
    }
    return v;
  };
}
