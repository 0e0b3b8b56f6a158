import type { ButtonHTMLAttributes } from 'react'

/** Props of `Button`: a native button plus a visual variant and size. */
export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger'
  size?: 'sm' | 'md'
}

/** The one button style of the app; defaults to `type="button"` so forms never submit by accident. */
export function Button({
  variant = 'secondary',
  size = 'md',
  className,
  type = 'button',
  ...rest
}: ButtonProps) {
  const classes = ['btn', `btn-${variant}`, `btn-${size}`, className].filter(Boolean).join(' ')
  return <button type={type} className={classes} {...rest} />
}
