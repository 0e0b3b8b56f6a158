import type { Locator, Page } from 'playwright-core'

/** The areas, as the nav shows them and in shortcut order (Ctrl/Cmd+1…6): the app's own table. */
import { AREAS, type AreaId } from '../../../electron/core/contract/navigation'

export { AREAS, type AreaId }

/** The app frame: navigation, the active page and the status bar. */
export class ShellPage {
  constructor(readonly page: Page) {}

  /** Opens `url` and waits until the status bar has answered from `system-info`. */
  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await this.page.getByTestId('status-bar').waitFor()
  }

  navLink(id: AreaId): Locator {
    return this.page.getByTestId(`nav-${id}`)
  }

  /** The `<main>` of area `id`; visible once that area is active. */
  main(id: AreaId): Locator {
    return this.page.getByTestId(`page-${id}`)
  }

  heading(): Locator {
    return this.page.locator('main h1')
  }

  /** Clicks the nav entry and waits for the area's page. */
  async goTo(id: AreaId): Promise<void> {
    await this.navLink(id).click()
    await this.main(id).waitFor()
  }

  /** Presses Ctrl+digit and waits for the area's page. */
  async goToByKeyboard(id: AreaId): Promise<void> {
    const index = AREAS.findIndex((a) => a.id === id)
    await this.page.keyboard.press(`Control+${index + 1}`)
    await this.main(id).waitFor()
  }

  /** The hash route, e.g. `#/journal`. */
  async hash(): Promise<string> {
    return this.page.evaluate(() => location.hash)
  }

  statusSchema(): Locator {
    return this.page.getByTestId('status-schema')
  }

  statusTables(): Locator {
    return this.page.getByTestId('status-tables')
  }

  statusDataDir(): Locator {
    return this.page.getByTestId('status-data-dir')
  }

  statusError(): Locator {
    return this.page.getByTestId('status-error')
  }

  /** Waits until `system-info` has filled the status bar. */
  async waitForStatus(): Promise<void> {
    await this.statusTables().waitFor()
  }

  /** `light` or `dark`: what `<html data-theme>` says. */
  async theme(): Promise<string | undefined> {
    return this.page.evaluate(() => document.documentElement.dataset.theme)
  }
}
