import type { Locale } from '@dsr/shared/text';

// The words of report.html per language. Values are filled in by report.ts (escaped there).

export const REPORT_TEXTS = {
  fr: {
    title: 'Vos données personnelles',
    intro: (controller: string, reference: string) =>
      `Ce document accompagne les données que ${controller} détient sur vous, en réponse à votre demande ${reference} (article 15 du RGPD).`,
    received: 'Demande reçue le',
    generated: 'Document établi le',
    contents: 'Contenu',
    source: 'Source',
    table: 'Données',
    category: 'Catégorie',
    rows: 'Lignes',
    files: 'Fichiers',
    attachments: 'Pièces jointes',
    noData: 'Nous ne détenons aucune donnée vous concernant dans ces systèmes.',
    purposes: 'Finalités du traitement',
    basis: 'Base légale',
    purposesFallback:
      'Les finalités sont décrites dans notre politique de confidentialité ; contactez-nous pour toute précision.',
    categories: 'Catégories de données',
    recipients: 'Destinataires',
    noRecipients: 'Vos données ne sont communiquées à aucun destinataire extérieur.',
    retention: 'Durées de conservation',
    retentionRule: (years: number, from: string, basis: string) =>
      `${years} an${years > 1 ? 's' : ''} à compter de « ${from} » (${basis})`,
    retentionDefault: 'Tant que votre compte est actif, puis supprimées ou anonymisées.',
    requestRecords: (years: number) =>
      `Le dossier de votre demande est conservé ${years} ans comme preuve de sa bonne exécution.`,
    exportAvailable: (days: number) => `Ce fichier reste téléchargeable ${days} jours.`,
    origin: 'Origine des données',
    originDefault:
      'Sauf mention contraire, ces données ont été fournies par vous lors de l’utilisation de nos services.',
    rights: 'Vos droits',
    rightsList: [
      'Faire rectifier des données inexactes (article 16).',
      'Faire effacer vos données (article 17).',
      'Faire limiter leur traitement (article 18).',
      'Vous opposer à leur traitement, notamment à la prospection (article 21).',
      'Recevoir vos données dans un format structuré ou les faire transmettre (article 20).',
      'Retirer votre consentement à tout moment (article 7(3)).',
    ],
    rightsWhere: (url: string) => `Exercez-les sur ${url}.`,
    complain: 'Réclamation',
    complainText: (name: string) =>
      `Vous pouvez introduire une réclamation auprès de l’autorité de contrôle, ${name} :`,
    website: 'Site',
    phone: 'Téléphone',
    address: 'Adresse',
    leftOut: (n: number) =>
      `${n} élément${n > 1 ? 's ont été écartés' : ' a été écarté'} de ce fichier parce qu’${n > 1 ? 'ils révéleraient' : 'il révélerait'} des données d’autres personnes (article 15(4)).`,
    contact: 'Contact',
  },
  en: {
    title: 'Your personal data',
    intro: (controller: string, reference: string) =>
      `This document comes with the data ${controller} holds about you, in answer to your request ${reference} (Article 15 GDPR).`,
    received: 'Request received on',
    generated: 'Document produced on',
    contents: 'Contents',
    source: 'Source',
    table: 'Data',
    category: 'Category',
    rows: 'Rows',
    files: 'Files',
    attachments: 'Attachments',
    noData: 'We hold no data about you in these systems.',
    purposes: 'Purposes of the processing',
    basis: 'Legal basis',
    purposesFallback: 'The purposes are described in our privacy policy; contact us for any detail.',
    categories: 'Categories of data',
    recipients: 'Recipients',
    noRecipients: 'Your data is not disclosed to any outside recipient.',
    retention: 'Retention periods',
    retentionRule: (years: number, from: string, basis: string) =>
      `${years} year${years > 1 ? 's' : ''} from "${from}" (${basis})`,
    retentionDefault: 'While your account is active, then deleted or anonymised.',
    requestRecords: (years: number) =>
      `The record of your request is kept ${years} years as proof that it was handled.`,
    exportAvailable: (days: number) => `This file can be downloaded for ${days} days.`,
    origin: 'Where the data comes from',
    originDefault: 'Unless stated otherwise, you provided this data when using our services.',
    rights: 'Your rights',
    rightsList: [
      'Have inaccurate data corrected (Article 16).',
      'Have your data erased (Article 17).',
      'Have its processing restricted (Article 18).',
      'Object to its processing, including direct marketing (Article 21).',
      'Receive your data in a structured format or have it transmitted (Article 20).',
      'Withdraw your consent at any time (Article 7(3)).',
    ],
    rightsWhere: (url: string) => `Exercise them at ${url}.`,
    complain: 'Complaints',
    complainText: (name: string) => `You may lodge a complaint with the supervisory authority, ${name}:`,
    website: 'Website',
    phone: 'Phone',
    address: 'Address',
    leftOut: (n: number) =>
      `${n} item${n > 1 ? 's were' : ' was'} left out of this file because ${n > 1 ? 'they' : 'it'} would reveal other people's data (Article 15(4)).`,
    contact: 'Contact',
  },
} satisfies Record<Locale, unknown>;
