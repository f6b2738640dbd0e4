import type { ReactNode } from 'react';

/** Screen title with an optional back link; the h1 takes focus-visible order first. */
export function Header({ title, back, children }: { title: string; back?: string; children?: ReactNode }) {
  return (
    <header className="screen-header">
      {back && (
        <a className="back" href={back} aria-label="Back">
          ←
        </a>
      )}
      <h1>{title}</h1>
      {children}
    </header>
  );
}
