import type { Route } from '../lib/router.ts';

const TABS = [
  { path: 'portfolio', label: 'Portfolio' },
  { path: 'subnets', label: 'Subnets' },
  { path: 'activity', label: 'Activity' },
  { path: 'settings', label: 'Settings' },
] as const;

export function NavBar({ route }: { route: Route }) {
  const current = route.segments[0] ?? 'portfolio';
  return (
    <nav className="nav-bar" aria-label="Main">
      {TABS.map((tab) => (
        <a key={tab.path} href={`#/${tab.path}`} aria-current={current === tab.path ? 'page' : undefined}>
          {tab.label}
        </a>
      ))}
    </nav>
  );
}
