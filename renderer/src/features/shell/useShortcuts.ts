import { useEffect } from 'react'
import { navigate } from '../../lib/router'
import { areas } from '../routes'

/** Ctrl+1…6 (Cmd on macOS) open the six areas. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return
      const area = areas.find((a) => a.shortcut === e.key)
      if (!area) return
      e.preventDefault()
      navigate(area.id)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
