// Copy / Save on the tool pane: its text as shown (lens lines up to the hop, or the command's output).
import { useState } from 'react';
import { useApp, useAppStore } from '../context';
import { tr } from '../i18n';
import { TID } from '../testids';
import { copyText, downloadText, fileStem } from './download';
import { toolOutputText } from './tool-text';

function currentText(store: ReturnType<typeof useAppStore>): string {
  const s = store.getState();
  return toolOutputText(s.trace, s.lens, s.step, { text: s.command, on: s.commandOn ?? s.trace?.envoyNode ?? null, result: s.commandResult });
}

export function ToolOutputActions() {
  const store = useAppStore();
  const hasTrace = useApp((s) => s.trace !== null);
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <span className="tool-actions">
      <button
        type="button"
        data-testid={TID.toolCopy}
        disabled={!hasTrace}
        title={tr('tool.copy.title')}
        onClick={async () => {
          setCopied(await copyText(currentText(store)));
          setTimeout(() => setCopied(null), 2000);
        }}
      >
        {copied === true ? '✓' : tr('tool.copy')}
      </button>
      <button
        type="button"
        data-testid={TID.toolDownload}
        disabled={!hasTrace}
        title={tr('tool.download.title')}
        onClick={() => {
          const s = store.getState();
          downloadText(currentText(store), `${fileStem(s.scenarioId)}-${s.commandResult ? 'command' : s.lens}.txt`);
        }}
      >
        {tr('tool.download')}
      </button>
    </span>
  );
}
