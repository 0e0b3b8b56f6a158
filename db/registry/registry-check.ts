/** Result of checking the schema registry. */
export type RegistryReport = { tables: number; seedTables: number; problems: string[] }

/** Placeholder until the registry lands: reports that nothing is checked yet. */
export async function checkRegistry(): Promise<RegistryReport> {
  return Promise.resolve({ tables: 0, seedTables: 0, problems: ['registry not built yet'] })
}
