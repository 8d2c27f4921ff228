// The terminal-like pane: the lens tool's lines, built up as the packet moves;
// or the output of the learner's own tcpdump / pwru / hubble command (the
// engine's observe()), typed in a shell on a node or client.
import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../context';
import { tr } from '../i18n';
import { TID } from '../testids';
import { showsPwru, toolLines } from './tool-lines';
import { ToolOutputActions } from '../export/ToolOutputActions';

export function ToolOutput() {
  const { trace, state, lens, step, command, commandOn, commandResult, setCommand, setCommandOn, runCommand, clearCommand } = useApp(
    useShallow((s) => ({
      trace: s.trace,
      state: s.state,
      lens: s.lens,
      step: s.step,
      command: s.command,
      commandOn: s.commandOn,
      commandResult: s.commandResult,
      setCommand: s.setCommand,
      setCommandOn: s.setCommandOn,
      runCommand: s.runCommand,
      clearCommand: s.clearCommand,
    })),
  );
  const lines = useMemo(() => (trace ? toolLines(trace.hops, lens, step) : []), [trace, lens, step]);
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [lines, commandResult]);
  const shells = [...(state?.nodes.map((n) => n.name) ?? []), ...(state?.clients.map((c) => c.name) ?? [])];
  // pwru prints kernel function names, which differ between kernel versions: say which kernel these follow
  const pwruNote = showsPwru(commandResult, lines);
  const on = commandOn ?? trace?.envoyNode ?? shells[0] ?? '';
  return (
    <section className="pane tool-pane" aria-label={tr('tool.label')}>
      <form
        className="tool-command"
        onSubmit={(e) => {
          e.preventDefault();
          if (commandOn === null && on) setCommandOn(on);
          void runCommand();
        }}
      >
        <label className="sr-only" htmlFor="tool-on">
          {tr('tool.on')}
        </label>
        <select id="tool-on" value={on} onChange={(e) => setCommandOn(e.target.value)} title={tr('tool.on')}>
          {shells.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <span aria-hidden="true" className="prompt">
          $
        </span>
        <input
          data-testid={TID.toolCommand}
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={command}
          aria-label={tr('tool.command')}
          placeholder={tr('tool.command.placeholder')}
          onChange={(e) => setCommand(e.target.value)}
        />
        {commandResult ? (
          <button type="button" onClick={clearCommand} title={tr('tool.command.clear')} aria-label={tr('tool.command.clear')}>
            ×
          </button>
        ) : (
          <button type="submit">{tr('tool.command.run')}</button>
        )}
        <ToolOutputActions />
      </form>
      <pre className="terminal" data-testid={TID.toolOutput} data-lines={commandResult ? commandResult.lines.length : lines.length} data-mode={commandResult ? 'command' : lens} ref={ref} tabIndex={0} aria-label={commandResult ? tr('tool.command') : tr(`tool.title.${lens}`)}>
        {commandResult ? (
          <>
            {commandResult.lines.map((l, i) => (
              <div key={i} className="tline">
                {l}
              </div>
            ))}
            {commandResult.error && (
              <div className="tline terr">
                {tr('tool.command.error', { column: commandResult.errorColumn ?? '?', error: commandResult.error })}
              </div>
            )}
            <div className="tline tnote">{tr('tool.command.summary', { caught: commandResult.caught.length, missed: commandResult.missed.length })}</div>
            {pwruNote && <KernelNote kernel={state?.kernel} />}
          </>
        ) : lines.length === 0 ? (
          <span className="tnote">{tr(`tool.title.${lens}`)}: {tr('tool.empty')}</span>
        ) : (
          <>
            {lines.map((l, i) => (
              <div key={i} className={`tline t-${l.tool}${l.hop === step ? ' fresh' : ''}`}>
                <span className="tprefix">
                  {lens === 'all' ? `${l.tool} ` : ''}
                  {l.where ? `[${l.where}] ` : ''}
                </span>
                {l.text}
              </div>
            ))}
            {pwruNote && <KernelNote kernel={state?.kernel} />}
          </>
        )}
      </pre>
    </section>
  );
}

/** One muted line under pwru output: kernel function names vary by kernel version (the lab's `kernel`). */
function KernelNote({ kernel }: { kernel: string | undefined }) {
  return (
    <div className="tline tnote" data-testid={TID.toolKernelNote}>
      {tr('tool.pwru.kernel', { kernel: kernel ?? '?' })}
    </div>
  );
}
