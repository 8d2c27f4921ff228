import { describe, expect, it } from 'vitest';
import { defaultScenario, scenarioList, titleOf } from './scenarios';

describe('scenarios', () => {
  it('reads the Lab title, quoted or not', () => {
    expect(titleOf('x.yaml', 'apiVersion: hopscope.dev/v1alpha1\nkind: Lab\nspec:\n  title: "Lab 3: basic"\n')).toBe('Lab 3: basic');
    expect(titleOf('x.yaml', 'kind: Lab\nmetadata:\n  name: a\nspec:\n  title: Plain title\n')).toBe('Plain title');
    expect(titleOf('x.yaml', 'kind: Service\n')).toBe('x.yaml');
  });
  it('sorts by file name and picks lab 3 first', async () => {
    const list = await scenarioList({
      '../scenarios/10-tls.yaml': async () => 'kind: Lab\nspec:\n  title: TLS\n',
      '../scenarios/03-basic.yaml': async () => 'kind: Lab\nspec:\n  title: Basic\n',
      '../scenarios/01-none.yaml': async () => 'kind: Lab\nspec:\n  title: None\n',
    });
    expect(list.map((s) => s.id)).toEqual(['01-none.yaml', '03-basic.yaml', '10-tls.yaml']);
    expect(defaultScenario(list)).toBe('03-basic.yaml');
    expect(await list[2].load()).toContain('TLS');
    expect(defaultScenario([])).toBeNull();
  });
});
