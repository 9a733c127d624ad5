// Catalogue of the CSV import pages, French (default) and English. Plain text: templates escape it.
import type { Lang } from '../../i18n/index.ts';

export interface ImportMessages {
  upload: {
    title: string;
    intro: string;
    file: string;
    fileHint: string;
    formatsHeading: string;
    formats: string[];
    list: string;
    listNone: string;
    listHint: string;
    noLists: string;
    submit: string;
    noFile: string;
    emptyFile: string;
    spreadsheet: string;
    utf16: string;
    tooLarge: (limit: string) => string;
    megabytes: (n: number) => string;
    badUpload: string;
    listUnknown: string;
  };
  preview: {
    title: string;
    file: string;
    size: string;
    encoding: string;
    encodings: Record<'utf-8' | 'windows-1252', string>;
    delimiter: string;
    delimiters: Record<',' | ';' | '\t', string>;
    header: string;
    headerYes: string;
    headerNo: string;
    previewHeading: string;
    previewCaption: (shown: number) => string;
    line: string;
    column: (n: number) => string;
    noRows: string;
    noAddressFound: string;
    unevenRows: (lines: string) => string;
    tooWide: (max: number) => string;
    formatError: (line: number) => string;
    mappingHeading: string;
    mappingIntro: string;
    targetLabel: (column: string) => string;
    example: (value: string) => string;
    targets: { email: string; name: string; first_name: string; last_name: string; ignore: string; field: (key: string) => string };
    refusedColumn: string;
    addressRequired: string;
    addressTwice: string;
    twice: (target: string) => string;
    badTarget: string;
    errorsIntro: string;
    submit: string;
    submitHint: string;
    restart: string;
    gone: string;
    goneTitle: string;
    busy: string;
    emptyFile: string;
  };
  report: {
    title: string;
    summaryHeading: string;
    file: string;
    list: string;
    noList: string;
    rowsRead: string;
    created: string;
    updated: string;
    unchanged: string;
    duplicates: string;
    refused: string;
    keptNote: string;
    formatError: (line: number) => string;
    refusedHeading: string;
    refusedCaption: string;
    line: string;
    input: string;
    reason: string;
    duplicateOf: (line: number) => string;
    suggestion: (address: string) => string;
    noRefused: string;
    checkHeading: string;
    checkIntro: string;
    checkCaption: string;
    address: string;
    likely: string;
    shownFirst: (shown: string, total: string) => string;
    truncated: (max: string) => string;
    download: string;
    downloadHint: string;
    another: string;
    contacts: string;
  };
  csv: {
    /** Header of the last column of the refused rows' file; the preview ignores a column named so. */
    reasonHeader: string;
    addressHeader: string;
    reason: (line: number, text: string) => string;
  };
}

const fr: ImportMessages = {
  upload: {
    title: 'Importer des contacts',
    intro: 'Ajoutez ou mettez à jour vos membres à partir d’un fichier : vous verrez les premières lignes et le rôle de chaque colonne avant que rien ne soit enregistré.',
    file: 'Fichier CSV',
    fileHint: 'Export de Paheko ou d’un tableur enregistré au format CSV.',
    formatsHeading: 'Fichiers acceptés',
    formats: [
      'Un fichier CSV exporté de Paheko (Membres → Exporter → CSV) s’importe tel quel.',
      'Depuis Excel ou LibreOffice : « Enregistrer sous » → CSV. Séparateur virgule, point-virgule ou tabulation ; encodage UTF-8 ou Windows-1252 : facteur les reconnaît seul.',
      'La première ligne porte les titres des colonnes ; une colonne d’adresses e-mail est indispensable.',
      'Réimporter un fichier ne crée pas de doublon, et un membre désinscrit reste désinscrit.',
    ],
    list: 'Liste de diffusion',
    listNone: 'Aucune liste (contacts seulement)',
    listHint: 'Les contacts importés sont inscrits à cette liste.',
    noLists: 'Vous n’avez pas encore de liste : les contacts seront importés sans être inscrits à une liste.',
    submit: 'Envoyer et voir l’aperçu',
    noFile: 'Choisissez un fichier CSV sur votre ordinateur.',
    emptyFile: 'Ce fichier est vide : vérifiez que vous avez choisi le bon fichier.',
    spreadsheet:
      'C’est un classeur de tableur (Excel .xlsx/.xls ou LibreOffice .ods), pas un fichier CSV. Ouvrez-le dans le tableur, puis « Fichier → Enregistrer sous » et choisissez le type CSV ; envoyez ensuite ce fichier-là.',
    utf16: 'Ce fichier est en « texte Unicode » (UTF-16), que facteur ne lit pas. Dans le tableur, enregistrez-le de nouveau au format « CSV UTF-8 » ou « CSV (séparateur : point-virgule) ».',
    tooLarge: (limit) =>
      `Ce fichier dépasse la taille maximale de ${limit}. Découpez-le en plusieurs fichiers (par exemple par année d’adhésion) ou supprimez les colonnes inutiles dans le tableur, puis importez chaque partie : réimporter ne crée pas de doublon.`,
    megabytes: (n) => `${n} Mo`,
    badUpload: 'L’envoi du fichier a été interrompu ou n’a pas pu être lu : réessayez.',
    listUnknown: 'Cette liste n’existe pas : choisissez-en une dans la liste proposée.',
  },
  preview: {
    title: 'Vérifier l’import',
    file: 'Fichier',
    size: 'Taille',
    encoding: 'Encodage',
    encodings: { 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252 (ancien format d’Excel)' },
    delimiter: 'Séparateur',
    delimiters: { ',': 'virgule (,)', ';': 'point-virgule (;)', '\t': 'tabulation' },
    header: 'Première ligne',
    headerYes: 'titres des colonnes',
    headerNo: 'déjà des données (pas de ligne de titres)',
    previewHeading: 'Aperçu',
    previewCaption: (shown) => (shown > 1 ? `Les ${shown} premières lignes du fichier` : 'La première ligne du fichier'),
    line: 'Ligne',
    column: (n) => `Colonne ${n}`,
    noRows: 'Le fichier ne contient aucune ligne de données sous la ligne de titres.',
    noAddressFound: 'facteur n’a pas reconnu la colonne des adresses e-mail : choisissez-la ci-dessous.',
    unevenRows: (lines) => `Nombre de cellules différent de la ligne de titres aux lignes ${lines} : les cellules manquantes sont lues comme vides, celles en trop sont ignorées.`,
    tooWide: (max) => `Le fichier a plus de ${max} colonnes : seules les ${max} premières peuvent être importées.`,
    formatError: (line) =>
      `Le fichier ne peut plus être lu comme un CSV à partir de la ligne ${line} (souvent un guillemet jamais refermé). Les lignes d’avant seront importées ; corrigez cette ligne dans le tableur puis importez de nouveau le fichier.`,
    mappingHeading: 'Rôle des colonnes',
    mappingIntro: 'facteur a reconnu les colonnes d’après leurs titres. Corrigez si besoin : la colonne des adresses e-mail est obligatoire ; les autres deviennent des champs du contact, utilisables dans les messages, ou sont ignorées.',
    targetLabel: (column) => `Colonne « ${column} »`,
    example: (value) => `ex. : ${value}`,
    targets: {
      email: 'Adresse e-mail',
      name: 'Nom complet',
      first_name: 'Prénom',
      last_name: 'Nom de famille',
      ignore: 'Ignorer cette colonne',
      field: (key) => `Champ « ${key} »`,
    },
    refusedColumn: 'colonne des motifs de refus d’un import précédent : ignorée',
    addressRequired: 'Choisissez la colonne qui contient les adresses e-mail.',
    addressTwice: 'Une seule colonne peut contenir les adresses e-mail : choisissez-en une.',
    twice: (target) => `« ${target} » est choisi pour plusieurs colonnes : gardez-en une.`,
    badTarget: 'Choisissez un rôle dans la liste proposée.',
    errorsIntro: 'Le choix des colonnes est à corriger :',
    submit: 'Importer',
    submitHint: 'Les lignes valides sont enregistrées ; les lignes refusées sont listées ensuite avec leur motif.',
    restart: 'Choisir un autre fichier',
    gone: 'Ce fichier n’est plus disponible : un fichier envoyé est gardé une heure, pour la session qui l’a envoyé. Envoyez-le de nouveau.',
    goneTitle: 'Import introuvable',
    busy: 'Cet import est déjà en cours : patientez puis rechargez la page.',
    emptyFile: 'Ce fichier ne contient aucune ligne.',
  },
  report: {
    title: 'Compte rendu de l’import',
    summaryHeading: 'Résultat',
    file: 'Fichier',
    list: 'Liste',
    noList: 'aucune (contacts seulement)',
    rowsRead: 'Lignes lues',
    created: 'Contacts créés',
    updated: 'Contacts mis à jour',
    unchanged: 'Contacts déjà à jour (inchangés)',
    duplicates: 'Lignes en double dans le fichier (ignorées)',
    refused: 'Lignes refusées',
    keptNote: 'Toutes les lignes valides ont été enregistrées ; une ligne refusée n’empêche jamais l’import des autres. Une cellule vide n’efface pas une information déjà connue.',
    formatError: (line) =>
      `La lecture s’est arrêtée à la ligne ${line} : le fichier n’y est plus un CSV valide (souvent un guillemet jamais refermé). Les lignes d’avant sont importées ; corrigez le fichier à partir de cette ligne puis importez-le de nouveau (cela ne crée pas de doublon).`,
    refusedHeading: 'Lignes refusées',
    refusedCaption: 'Lignes non importées, avec leur motif',
    line: 'Ligne',
    input: 'Adresse lue',
    reason: 'Motif',
    duplicateOf: (line) => `Même adresse qu’à la ligne ${line} : cette ligne est ignorée.`,
    suggestion: (address) => `Vouliez-vous dire ${address} ?`,
    noRefused: 'Aucune ligne refusée.',
    checkHeading: 'Adresses à vérifier',
    checkIntro: 'Ces adresses ont été importées, mais leur domaine ressemble à une faute de frappe. Vérifiez-les auprès des membres et corrigez la fiche du contact : une adresse fautive fait échouer l’envoi.',
    checkCaption: 'Adresses importées qui ressemblent à une faute de frappe',
    address: 'Adresse',
    likely: 'Adresse probable',
    shownFirst: (shown, total) => `Les ${shown} premières lignes refusées sur ${total} sont affichées ; le fichier à télécharger les contient toutes.`,
    truncated: (max) => `Plus de ${max} lignes refusées : seules les ${max} premières sont listées et téléchargeables.`,
    download: 'Télécharger les lignes refusées (CSV)',
    downloadHint: 'Corrigez-les dans ce fichier, puis importez-le : la dernière colonne (le motif) sera ignorée. Disponible pendant une heure.',
    another: 'Importer un autre fichier',
    contacts: 'Voir les contacts',
  },
  csv: {
    reasonHeader: 'Motif du refus (facteur)',
    addressHeader: 'E-mail',
    reason: (line, text) => `ligne ${line} : ${text}`,
  },
};

const en: ImportMessages = {
  upload: {
    title: 'Import contacts',
    intro: 'Add or update your members from a file: you will see the first rows and what each column holds before anything is saved.',
    file: 'CSV file',
    fileHint: 'An export from Paheko, or a spreadsheet saved as CSV.',
    formatsHeading: 'Accepted files',
    formats: [
      'A CSV export from Paheko (Members → Export → CSV) imports as it is.',
      'From Excel or LibreOffice: "Save as" → CSV. Comma, semicolon or tab separated; UTF-8 or Windows-1252: facteur recognises them by itself.',
      'The first line holds the column titles; a column of e-mail addresses is required.',
      'Importing a file again creates no duplicates, and a member who unsubscribed stays unsubscribed.',
    ],
    list: 'Mailing list',
    listNone: 'No list (contacts only)',
    listHint: 'Imported contacts are subscribed to this list.',
    noLists: 'You have no list yet: contacts will be imported without being subscribed to a list.',
    submit: 'Upload and preview',
    noFile: 'Choose a CSV file on your computer.',
    emptyFile: 'This file is empty: check that you chose the right file.',
    spreadsheet:
      'This is a spreadsheet workbook (Excel .xlsx/.xls or LibreOffice .ods), not a CSV file. Open it in the spreadsheet, then "File → Save as" and choose the CSV type; then upload that file.',
    utf16: 'This file is "Unicode text" (UTF-16), which facteur does not read. In the spreadsheet, save it again as "CSV UTF-8" or "CSV (comma delimited)".',
    tooLarge: (limit) =>
      `This file is larger than the ${limit} limit. Split it into several files (by membership year, for instance) or delete the columns you do not need in the spreadsheet, then import each part: importing again creates no duplicates.`,
    megabytes: (n) => `${n} MB`,
    badUpload: 'The upload was interrupted or could not be read: please try again.',
    listUnknown: 'This list does not exist: choose one from those offered.',
  },
  preview: {
    title: 'Check the import',
    file: 'File',
    size: 'Size',
    encoding: 'Encoding',
    encodings: { 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252 (older Excel format)' },
    delimiter: 'Separator',
    delimiters: { ',': 'comma (,)', ';': 'semicolon (;)', '\t': 'tab' },
    header: 'First line',
    headerYes: 'column titles',
    headerNo: 'already data (no title line)',
    previewHeading: 'Preview',
    previewCaption: (shown) => (shown > 1 ? `The first ${shown} rows of the file` : 'The first row of the file'),
    line: 'Line',
    column: (n) => `Column ${n}`,
    noRows: 'The file has no data row under its title line.',
    noAddressFound: 'facteur did not recognise the e-mail address column: choose it below.',
    unevenRows: (lines) => `Lines ${lines} do not have as many cells as the title line: missing cells are read as empty, extra ones are ignored.`,
    tooWide: (max) => `The file has more than ${max} columns: only the first ${max} can be imported.`,
    formatError: (line) =>
      `The file cannot be read as CSV from line ${line} on (often a quote that is never closed). The lines before it will be imported; fix that line in the spreadsheet, then import the file again.`,
    mappingHeading: 'What each column holds',
    mappingIntro: 'facteur recognised the columns from their titles. Correct it if needed: the e-mail address column is required; the others become contact fields, usable in messages, or are ignored.',
    targetLabel: (column) => `Column "${column}"`,
    example: (value) => `e.g. ${value}`,
    targets: {
      email: 'E-mail address',
      name: 'Full name',
      first_name: 'First name',
      last_name: 'Last name',
      ignore: 'Ignore this column',
      field: (key) => `Field "${key}"`,
    },
    refusedColumn: 'reasons column of an earlier import: ignored',
    addressRequired: 'Choose the column that holds the e-mail addresses.',
    addressTwice: 'Only one column can hold the e-mail addresses: choose one.',
    twice: (target) => `"${target}" is chosen for several columns: keep one.`,
    badTarget: 'Choose a role from those offered.',
    errorsIntro: 'The column choices need correcting:',
    submit: 'Import',
    submitHint: 'Valid rows are saved; refused rows are listed afterwards with the reason.',
    restart: 'Choose another file',
    gone: 'This file is no longer available: an uploaded file is kept for one hour, for the session that sent it. Please upload it again.',
    goneTitle: 'Import not found',
    busy: 'This import is already running: wait, then reload the page.',
    emptyFile: 'This file holds no line.',
  },
  report: {
    title: 'Import report',
    summaryHeading: 'Result',
    file: 'File',
    list: 'List',
    noList: 'none (contacts only)',
    rowsRead: 'Rows read',
    created: 'Contacts created',
    updated: 'Contacts updated',
    unchanged: 'Contacts already up to date (unchanged)',
    duplicates: 'Rows repeated in the file (skipped)',
    refused: 'Rows refused',
    keptNote: 'Every valid row was saved; a refused row never stops the others. An empty cell never erases what is already known.',
    formatError: (line) =>
      `Reading stopped at line ${line}: the file is no longer valid CSV there (often a quote that is never closed). The lines before it were imported; fix the file from that line on, then import it again (this creates no duplicates).`,
    refusedHeading: 'Refused rows',
    refusedCaption: 'Rows not imported, with the reason',
    line: 'Line',
    input: 'Address read',
    reason: 'Reason',
    duplicateOf: (line) => `Same address as line ${line}: this line is skipped.`,
    suggestion: (address) => `Did you mean ${address}?`,
    noRefused: 'No row was refused.',
    checkHeading: 'Addresses to check',
    checkIntro: 'These addresses were imported, but their domain looks like a typo. Check them with the members and correct the contact: a wrong address makes sending fail.',
    checkCaption: 'Imported addresses that look like a typo',
    address: 'Address',
    likely: 'Likely address',
    shownFirst: (shown, total) => `The first ${shown} of ${total} refused rows are shown; the file to download holds them all.`,
    truncated: (max) => `More than ${max} rows were refused: only the first ${max} are listed and downloadable.`,
    download: 'Download the refused rows (CSV)',
    downloadHint: 'Fix them in this file, then import it: the last column (the reason) will be ignored. Available for one hour.',
    another: 'Import another file',
    contacts: 'See the contacts',
  },
  csv: {
    reasonHeader: 'Reason refused (facteur)',
    addressHeader: 'E-mail',
    reason: (line, text) => `line ${line}: ${text}`,
  },
};

export function importMessages(lang: Lang): ImportMessages {
  return lang === 'en' ? en : fr;
}
