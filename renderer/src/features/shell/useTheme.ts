import { useEffect, useSyncExternalStore } from 'react'
import { useAppStore } from '../../stores/app-store'

const query = '(prefers-color-scheme: dark)'

function subscribe(onChange: () => void): () => void {
  const mql = window.matchMedia(query)
  mql.addEventListener('change', onChange)
  return () => mql.removeEventListener('change', onChange)
}

/** Applies the chosen theme to `<html data-theme>`, following the OS when set to `system`. */
export function useTheme(): 'light' | 'dark' {
  const preference = useAppStore((s) => s.theme)
  const isSystemDark = useSyncExternalStore(subscribe, () => window.matchMedia(query).matches)
  const resolved = preference === 'system' ? (isSystemDark ? 'dark' : 'light') : preference
  useEffect(() => {
    document.documentElement.dataset.theme = resolved
    document.documentElement.style.colorScheme = resolved
  }, [resolved])
  return resolved
}
