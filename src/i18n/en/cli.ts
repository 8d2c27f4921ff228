// English messages of the cli area. Keys are 'cli.<something>'.
export const cli: Record<string, string> = {
  'cli.help': `hopscope: trace a request hop by hop through a Cilium 1.18 cluster, and see what
tcpdump, pwru and hubble would show at each hop.

Usage:
  hopscope state [FILE...] [--set k=v]... [--json]
      The cluster the files describe: Services, endpoints, Ingresses, L2 announcements,
      reserved:ingress IPs and Envoy routes (kubectl-like tables, or JSON).
  hopscope trace [FILE...] --from CLIENT --curl 'curl ...' [--set k=v]... [--json]
  hopscope trace FILE --request NAME|N [--json]
      Send one request and print every hop with the tool marks (T tcpdump, P pwru,
      H hubble), then curl's outcome. CLIENT is a lab client (router), a pod
      (curlpod or namespace/name), or a bare IP on the lab segment.
  hopscope observe [FILE...] --from CLIENT --curl 'curl ...' --tool 'COMMAND' [--on NODE|POD]
                   [--set k=v]... [--json]
      What your own command would print for that request, and which hops it misses and
      why: 'tcpdump -i eth1 -nn host 192.168.10.211', 'kubectl exec POD -- tcpdump -nn',
      'pwru --filter-trace-tc "host 172.20.0.173"', 'hubble observe --ip 192.168.10.200'.
      --on is the node whose shell it is typed in (default: the first node).
  hopscope scenarios [--check] [--json]
      List the scenario files (scenarios/*.yaml); --check runs every request and compares
      it with its expect.
  hopscope help

FILEs are YAML (many documents each). Without a \`kind: Lab\` document they are merged on top
of the default lab (the blog's two-node cluster); a Lab with \`extends: default\` builds on it.
Options:
  --set k=v          a helm value on top of the lab's (repeatable), e.g. --set hubble.enabled=false
  --json             machine-readable output on stdout
  --no-default-lab   do not merge onto the default lab
  --lang LANG        message language (default en)
Exit status: 0 the command worked (a failed request is still a successful trace),
1 error diagnostics, 2 usage error or unreadable file.
Diagnostics go to stderr as FILE:LINE:COL: severity: message (hint).`,
  'cli.usage.seeHelp': 'Run `hopscope help` for usage.',
  'cli.usage.needsValue': '{flag} needs a value',
  'cli.usage.setFormat': '--set expects key=value, got "{value}"',
  'cli.usage.unknownFlag': 'unknown option {flag}',
  'cli.usage.unknownCommand': 'unknown command "{command}" (state, trace, observe, scenarios, help)',
  'cli.usage.observeNeedsTool': "`observe` needs --tool 'COMMAND' (tcpdump, kubectl exec POD -- tcpdump, pwru or hubble observe)",
  'cli.usage.traceNoTool': '`trace` takes no --tool or --on (did you mean `observe`?)',
  'cli.observe.summary': '{caught} hops caught, {missed} missed:',
  'cli.usage.stateNoTrace': '`state` takes no --from, --curl or --request (did you mean `trace`?)',
  'cli.usage.traceNeedsFrom': '`trace` needs --from CLIENT (a lab client such as router, a pod, or an IP on the lab segment)',
  'cli.usage.traceNeedsCurl': "`trace` needs --curl 'curl ...'",
  'cli.usage.noSuchRequest': 'no request "{request}" in the scenario (requests: {names})',
  'cli.usage.scenariosNoFiles': '`scenarios` takes no FILE arguments: it reads scenarios/*.yaml',
  'cli.error.unreadable': 'cannot read {file}: {reason}',
  'cli.error.internal': 'hopscope: internal error: {error}',
  'cli.state.services': 'Services (kubectl get svc -A)',
  'cli.state.endpoints': 'Endpoints (kubectl get endpoints -A)',
  'cli.state.ingresses': 'Ingresses (kubectl get ingress -A)',
  'cli.state.ignored': 'ignored (not Cilium\'s class)',
  'cli.state.l2': 'L2 announcements (kubectl get lease -n kube-system; only the holder answers ARP)',
  'cli.state.ingressIPs': 'reserved:ingress IPs (cilium-dbg ip list | grep ingress)',
  'cli.state.routes': 'Envoy routes, in match order',
  'cli.state.noRoutes': '(no Envoy listener: no Ingress is handled by Cilium)',
  'cli.state.httpsRedirect': '301 -> https (enforce HTTPS)',
  'cli.trace.header': 'trace from {from}: {curl}',
  'cli.trace.legend': 'T tcpdump, P pwru, H hubble: {yes} sees this hop, {no} does not',
  'cli.trace.outcomeStatus': 'outcome: HTTP {status} (curl exit {exitCode})',
  'cli.trace.outcomeError': 'outcome: {error} (curl exit {exitCode})',
  'cli.trace.backend': 'backend: {namespace}/{service} pod {pod} on {node}',
  'cli.trace.noBackend': 'backend: none (no pod answered)',
  'cli.trace.envoy': 'served by the Envoy on {node}',
  'cli.trace.curlOutput': 'curl prints:',
  'cli.scenarios.noExpect': 'the request has no expect',
  'cli.scenarios.compileErrors': 'the scenario has {count} error diagnostic(s)',
  'cli.scenarios.summary': '{passed}/{total} requests as expected',
};
