import { lazy, Suspense, useEffect, useLayoutEffect } from 'react';
import { NavBar } from './components/NavBar.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { useVault } from './hooks/useVault.ts';
import { markFirstRender } from './lib/perf.ts';
import { useRoute, type Route } from './lib/router.ts';
import { Portfolio } from './screens/Portfolio.tsx';
import { Unlock } from './screens/Unlock.tsx';

// The portfolio and unlock screens are in the first chunk; the rest load on demand (and are
// prefetched once the first screen is up), which keeps the first render small.
const loadOnboarding = () => import('./screens/Onboarding.tsx');
const loadSubnets = () => import('./screens/Subnets.tsx');
const loadStake = () => import('./screens/Stake.tsx');
const loadUnstake = () => import('./screens/Unstake.tsx');
const loadMove = () => import('./screens/Move.tsx');
const loadLock = () => import('./screens/Lock.tsx');
const loadReview = () => import('./screens/Review.tsx');
const loadSettings = () => import('./screens/Settings.tsx');
const loadActivity = () => import('./screens/Activity.tsx');
const loadRequests = () => import('./screens/requests/RequestScreen.tsx');

const Onboarding = lazy(() => loadOnboarding().then((m) => ({ default: m.Onboarding })));
const Subnets = lazy(() => loadSubnets().then((m) => ({ default: m.Subnets })));
const Stake = lazy(() => loadStake().then((m) => ({ default: m.Stake })));
const Unstake = lazy(() => loadUnstake().then((m) => ({ default: m.Unstake })));
const Move = lazy(() => loadMove().then((m) => ({ default: m.Move })));
const Lock = lazy(() => loadLock().then((m) => ({ default: m.Lock })));
const Review = lazy(() => loadReview().then((m) => ({ default: m.Review })));
const Settings = lazy(() => loadSettings().then((m) => ({ default: m.Settings })));
const Activity = lazy(() => loadActivity().then((m) => ({ default: m.Activity })));
const RequestScreen = lazy(() => loadRequests().then((m) => ({ default: m.RequestScreen })));
const AuthorizeScreen = lazy(() => loadRequests().then((m) => ({ default: m.AuthorizeScreen })));

function prefetchScreens(): void {
  for (const load of [loadStake, loadSubnets, loadUnstake, loadMove, loadReview, loadActivity, loadSettings]) void load();
}

function Unlocked({ route }: { route: Route }) {
  const [first = 'portfolio', id = ''] = route.segments;
  const p = route.params;
  const num = (key: string) => (p.get(key) === null ? undefined : Number(p.get(key)));
  switch (first) {
    case 'subnets':
      return <Subnets />;
    case 'stake':
      return <Stake netuid={num('netuid')} hotkey={p.get('hotkey') ?? undefined} />;
    case 'unstake':
      return <Unstake netuid={num('netuid')} hotkey={p.get('hotkey') ?? undefined} />;
    case 'move':
      return <Move netuid={num('netuid')} hotkey={p.get('hotkey') ?? undefined} mode={p.get('mode') ?? undefined} />;
    case 'lock':
      return <Lock netuid={num('netuid')} hotkey={p.get('hotkey') ?? undefined} />;
    case 'review':
      return <Review id={id} />;
    case 'activity':
      return <Activity />;
    case 'settings':
      return <Settings />;
    case 'add-account':
      return <Onboarding mode="add" />;
    default:
      return <Portfolio />;
  }
}

const WITH_NAV = new Set(['', 'portfolio', 'subnets', 'activity', 'settings', 'wake']);

export function App() {
  const route = useRoute();
  const { status, error } = useVault();
  const ready = status !== undefined;

  useEffect(() => {
    if (!ready) return;
    const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 200));
    idle(() => prefetchScreens());
  }, [ready]);

  let screen;
  let nav = false;
  const [first = '', id = ''] = route.segments;
  if (status && (first === 'request' || first === 'authorize')) {
    // Approval windows ask for the password themselves (a site can ask to connect while locked).
    screen = first === 'request' ? <RequestScreen id={id} /> : <AuthorizeScreen id={id} />;
  } else if (!status) {
    screen = error ? <BootError message={error.message} /> : <p className="loading">Loading…</p>;
  } else if (!status.initialized && !status.corrupt) {
    screen = <Onboarding mode="new" />;
  } else if (!status.unlocked) {
    screen = <Unlock status={status} />;
  } else if (status.accounts.length === 0) {
    screen = <Onboarding mode="add" />;
  } else {
    screen = <Unlocked route={route} />;
    nav = WITH_NAV.has(route.segments[0] ?? '');
  }

  return (
    <div className="app">
      <main className="screen">
        <Suspense fallback={<p className="loading">Loading…</p>}>{screen}</Suspense>
      </main>
      {nav && <NavBar route={route} />}
      <StatusBar />
    </div>
  );
}

function BootError({ message }: { message: string }) {
  useLayoutEffect(markFirstRender, []);
  return (
    <div className="error-note" role="alert">
      <strong>The wallet background is not answering</strong>
      <p>{message}</p>
    </div>
  );
}
