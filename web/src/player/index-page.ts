import { StreamDirectory } from './stream-directory';

function required<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) {
    throw new Error(`index.html is missing #${id} (${type.name})`);
  }
  return el;
}

const directory = new StreamDirectory({
  live: required('live-streams', HTMLUListElement),
  empty: required('no-streams', HTMLElement),
  endedSection: required('ended-section', HTMLElement),
  ended: required('ended-streams', HTMLUListElement),
  status: required('list-status', HTMLElement),
});
window.addEventListener('pagehide', (event) => {
  if (!event.persisted) {
    directory.destroy();
  }
});
directory.start();
