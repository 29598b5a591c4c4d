/**
 * The editor settings for rule severities, derived from the rule registry: one `berth.rules.<id>`
 * setting per rule, grouped by where the rule comes from. package.json is generated from this
 * (scripts/sync-manifest.mjs) and a test keeps the two equal.
 */
import { allRules } from './rules';
import { RuleCategory } from './rule';

export interface SettingsSection {
  readonly id: string;
  readonly title: string;
  readonly properties: Record<string, unknown>;
}

const SECTIONS: Record<RuleCategory, { id: string; title: string; about: string }> = {
  syntax: { id: 'berth.rules.syntax', title: 'Berth: builder errors', about: 'the builder rejects this (the build fails)' },
  buildkit: { id: 'berth.rules.buildkit', title: 'Berth: BuildKit checks', about: "BuildKit's build check" },
  hadolint: { id: 'berth.rules.hadolint', title: 'Berth: hadolint rules', about: "hadolint's best-practice rule" },
};

export const SEVERITY_CHOICES = ['default', 'error', 'warning', 'info', 'hint', 'off'] as const;

export function ruleSettingsSections(): SettingsSection[] {
  return (Object.keys(SECTIONS) as RuleCategory[]).map((category) => {
    const properties: Record<string, unknown> = {};
    for (const rule of allRules.filter((r) => r.category === category).sort((a, b) => a.id.localeCompare(b.id))) {
      const docs = rule.url ? ` [Documentation](${rule.url})` : '';
      const experimental = rule.experimental ? ' Experimental in BuildKit: it runs only when `# check=experimental=' + rule.id + '` enables it.' : '';
      properties[`berth.rules.${rule.id}`] = {
        scope: 'resource',
        type: 'string',
        enum: [...SEVERITY_CHOICES],
        enumDescriptions: [`The rule's own severity (${rule.defaultSeverity})`, 'Error', 'Warning', 'Information', 'Hint', 'Not reported'],
        default: 'default',
        markdownDescription: `**${rule.id}** — ${rule.description}. ${capitalize(SECTIONS[category].about)}; default severity: ${rule.defaultSeverity}.${experimental}${docs}`,
      };
    }
    return { id: SECTIONS[category].id, title: SECTIONS[category].title, properties };
  });
}

function capitalize(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}
