// The UI's messages: every label goes through t('ui.<id>') (src/i18n/en/ui.ts).
import { t, type Params } from '../i18n';

export function tr(id: string, params?: Params): string {
  return t(`ui.${id}`, params);
}
