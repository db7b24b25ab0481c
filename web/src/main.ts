import './style.css';
import { ApiClient } from './api';
import { config } from './config';
import { setUpDropZone } from './ui/dropZone';
import { UploadCard } from './ui/uploadCard';

const zone = document.querySelector<HTMLElement>('#drop-zone')!;
const input = document.querySelector<HTMLInputElement>('#file-input')!;
const queue = document.querySelector<HTMLUListElement>('#queue')!;
const settings = { api: new ApiClient(config.apiUrl), directUploadLimit: config.directUploadLimit, presignedUploadLimit: config.presignedUploadLimit };

setUpDropZone(zone, input, (files) => {
  for (const file of files) {
    const card = new UploadCard(file, settings, () => undefined);
    queue.append(card.root);
    void card.start();
  }
});
