import { Tabs } from '../../components/Tabs'
import { PageHeader } from '../../components/PageHeader'
import { navigate } from '../../lib/router'
import type { PageProps } from '../routes'
import { CampaignDetailView } from './campaigns/CampaignDetailView'
import { CampaignsView } from './campaigns/CampaignsView'
import { RulesPanel } from './context/RulesPanel'
import { EntriesView } from './entries/EntriesView'
import { FillsTable } from './fills/FillsTable'
import { JournalImportView } from './import/JournalImportView'
import { StatsView } from './stats/StatsView'

const SECTIONS = [
  { id: 'campaigns', label: 'Campaigns' },
  { id: 'stats', label: 'Statistics' },
  { id: 'entries', label: 'Journal' },
  { id: 'fills', label: 'Fills' },
  { id: 'rules', label: 'Rules' },
  { id: 'import', label: 'Import' },
] as const
type Section = (typeof SECTIONS)[number]['id']

function sectionOf(path: readonly string[]): Section {
  const first = path[0]
  return SECTIONS.some((s) => s.id === first) ? (first as Section) : 'campaigns'
}

/**
 * Journal: `#/journal/campaigns[/<groupId>]`, `stats`, `entries`, `fills` (every stored
 * fill), `rules` and `import` (the import wizard above the stored fills).
 */
export function JournalPage({ path }: PageProps) {
  const section = sectionOf(path)
  const groupId = section === 'campaigns' ? path[1] : undefined
  return (
    <div className="page" data-testid="journal-page">
      <PageHeader title="Journal" subtitle="Fills from your broker, grouped into campaigns" />
      <Tabs
        tabs={SECTIONS}
        value={section}
        onChange={(id) => navigate('journal', id)}
        label="Journal sections"
      />
      {section === 'campaigns' &&
        (groupId ? <CampaignDetailView groupId={groupId} /> : <CampaignsView />)}
      {section === 'stats' && <StatsView />}
      {section === 'entries' && <EntriesView />}
      {section === 'fills' && <FillsTable height={640} hasImportPrompt />}
      {section === 'rules' && <RulesPanel />}
      {section === 'import' && <JournalImportView />}
    </div>
  )
}
