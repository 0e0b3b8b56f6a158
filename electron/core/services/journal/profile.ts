// Orchestration of the rules and profile channels: the trader on this machine and their settings.
import {
  findLocalUserId,
  getProfile,
  listRules,
  localUserId,
  saveProfile,
  saveRules,
  type ProfileRow,
  type RuleRow,
} from '../../../../db/repos/rules-repo'
import { patchFields } from '../../domain/journal/context'
import type { Handle } from '../../../../db/query'

/** The trader's rules. */
export async function getRules(pg: Handle): Promise<RuleRow[]> {
  return listRules(pg, await findLocalUserId(pg))
}

/** Replaces the trader's rules: one per code; codes left out are removed. */
export async function replaceRules(
  pg: Handle,
  rules: readonly Omit<RuleRow, 'id'>[],
): Promise<RuleRow[]> {
  return pg.transaction(async (tx) => saveRules(tx, await localUserId(tx), rules))
}

/** The trader's risk profile. */
export async function getRiskProfile(pg: Handle): Promise<ProfileRow> {
  return getProfile(pg, await findLocalUserId(pg))
}

/** Updates the risk profile: fields left out keep their value, null clears one. */
export async function updateRiskProfile(
  pg: Handle,
  patch: { [K in keyof ProfileRow]?: ProfileRow[K] | undefined },
): Promise<ProfileRow> {
  return pg.transaction(async (tx) => {
    const userId = await localUserId(tx)
    return saveProfile(tx, userId, patchFields(await getProfile(tx, userId), patch))
  })
}
