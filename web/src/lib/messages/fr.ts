// French catalogue: the reference. Every key here must exist in en.ts (checked by the type).
// Placeholders in braces are filled by t(key, vars): {controller}, {email}, ...
export const fr = {
  'app.title': '{controller} — Vos données personnelles',
  'app.skipLink': 'Aller au contenu principal',
  'app.loading': 'Chargement…',
  'app.portalName': 'Vos données personnelles',
  'app.homeLink': '{controller} — accueil',
  'app.footer.contact': 'Contact : {email}',
  'app.footer.policy': 'Politique de confidentialité',
  'app.footer.status': 'Suivre une demande',
  'app.footer.staff': 'Espace équipe',
  'app.nav.label': 'Navigation principale',
  'app.footer.label': 'Liens de bas de page',

  'lang.switch': 'English',
  'lang.switchLabel': 'Read this site in English',
  'lang.current': 'Français',

  'policy.title': 'Politique de confidentialité',
  'policy.intro':
    '{controller} respecte votre vie privée. Cette page explique qui traite vos données personnelles, ce qu’il en advient et comment exercer vos droits.',
  'policy.controller.heading': 'Responsable du traitement',
  'policy.controller.body':
    '{controller} est responsable du traitement de vos données personnelles. Pour toute question, écrivez à {email}.',
  'policy.recipients.heading': 'Destinataires',
  'policy.recipients.body':
    '{controller} ne transmet vos données à aucun sous-traitant, partenaire commercial ou partenaire tiers. Seules les personnes habilitées de {controller} y ont accès.',
  'policy.retention.heading': 'Durée de conservation',
  'policy.retention.body':
    'Vos données sont conservées le temps nécessaire à la finalité pour laquelle elles ont été collectées. Les pièces de facturation sont conservées au maximum {years} ans.',
  'policy.rights.heading': 'Vos droits',
  'policy.rights.intro':
    'Vous pouvez exercer gratuitement les droits suivants. Choisissez un droit pour remplir une demande ; nous vous demanderons de confirmer votre adresse e-mail.',
  'policy.rights.exercise': 'Exercer ce droit',
  'policy.answer.heading': 'Délai de réponse',
  'policy.answer.body':
    'Nous répondons dans un délai d’un mois à compter de la réception de votre demande. Ce délai peut être prolongé de deux mois compte tenu de la complexité ou du nombre de demandes ; nous vous en informons alors dans le premier mois, en indiquant les motifs de la prolongation.',
  'policy.refusal.body':
    'Si nous ne donnons pas suite à votre demande, nous vous en indiquons les motifs, ainsi que la possibilité d’introduire une réclamation auprès de l’autorité de contrôle et de former un recours juridictionnel.',
  'policy.authority.heading': 'Réclamation auprès de la CNIL',
  'policy.authority.body':
    'Si vous estimez que vos droits ne sont pas respectés, vous pouvez introduire une réclamation auprès de la {authority} (Commission nationale de l’informatique et des libertés) :',
  'policy.authority.phone': 'Téléphone : {phone}',
  'policy.authority.web': 'Site web : {url}',
  'policy.followUp':
    'Vous avez déjà fait une demande ? Suivez-la avec le lien reçu par e-mail, ou demandez un nouveau lien.',
  'policy.followUpLink': 'Suivre une demande',

  'right.access.title': 'Droit d’accès',
  'right.access.body':
    'Savoir si nous traitons des données vous concernant et en obtenir une copie, avec les informations sur leur traitement (finalités, destinataires, durée de conservation, source).',
  'right.rectification.title': 'Droit de rectification',
  'right.rectification.body': 'Faire corriger des données inexactes ou compléter des données incomplètes.',
  'right.erasure.title': 'Droit à l’effacement',
  'right.erasure.body':
    'Obtenir l’effacement de vos données, sauf lorsque la loi nous oblige à les conserver (par exemple les pièces de facturation).',
  'right.restriction.title': 'Droit à la limitation du traitement',
  'right.restriction.body':
    'Geler temporairement l’utilisation de vos données, par exemple pendant la vérification de leur exactitude.',
  'right.objection.title': 'Droit d’opposition',
  'right.objection.body':
    'Vous opposer à un traitement fondé sur notre intérêt légitime ; à la prospection commerciale, à tout moment et sans avoir à vous justifier.',
  'right.portability.title': 'Droit à la portabilité',
  'right.portability.body':
    'Recevoir les données que vous nous avez fournies dans un format structuré et lisible par machine, ou les faire transmettre à un autre responsable de traitement.',
  'right.consent_withdrawal.title': 'Retrait du consentement',
  'right.consent_withdrawal.body':
    'Retirer à tout moment un consentement donné (lettre d’information, offres, cookies), sans remettre en cause les traitements déjà effectués.',
  'right.information.title': 'Droit à l’information',
  'right.information.body':
    'Savoir si et comment vos données sont traitées, et poser vos questions à ce sujet.',
  'right.automated_decision.title': 'Décision individuelle automatisée',
  'right.automated_decision.body':
    'Ne pas faire l’objet d’une décision fondée exclusivement sur un traitement automatisé produisant des effets juridiques ou vous affectant de manière significative, et obtenir une intervention humaine.',

  'request.title': 'Faire une demande',
  'request.placeholder': 'Le formulaire de demande sera bientôt disponible. En attendant, écrivez à {email}.',
  'request.selectedRight': 'Droit choisi : {right}',
  'requestSent.title': 'Vérifiez votre boîte e-mail',
  'requestSent.body':
    'Si votre demande est valide, vous allez recevoir un e-mail avec un lien de confirmation. Ouvrez-le dans les 24 heures pour que nous commencions à traiter votre demande.',
  'verify.title': 'Confirmation de votre adresse e-mail',
  'verify.withToken': 'Nous confirmons votre adresse e-mail…',
  'verify.noToken':
    'Ce lien de confirmation est incomplet. Ouvrez le lien tel qu’il figure dans l’e-mail reçu, ou demandez un nouveau lien.',
  'status.title': 'Suivi de votre demande',
  'status.placeholder': 'Ouvrez le lien reçu par e-mail pour voir où en est votre demande.',
  'status.lostLink': 'J’ai perdu mon lien',
  'lostLink.title': 'Recevoir un nouveau lien de suivi',
  'lostLink.placeholder':
    'Indiquez votre adresse e-mail et la référence de votre demande (par exemple DSR-2026-000123) : nous vous enverrons un nouveau lien.',

  'staff.title': 'Espace équipe',
  'staff.login.title': 'Connexion de l’équipe',
  'staff.login.placeholder': 'La connexion de l’équipe sera bientôt disponible.',
  'staff.queue.title': 'Demandes à traiter',
  'staff.request.title': 'Demande {reference}',
  'staff.dashboard.title': 'Tableau de bord',
  'staff.users.title': 'Utilisateurs',
  'staff.placeholder': 'Cette page sera bientôt disponible.',
  'staff.nav.label': 'Navigation de l’espace équipe',

  'notFound.title': 'Page introuvable',
  'notFound.body': 'L’adresse demandée n’existe pas ou a changé.',
  'notFound.home': 'Retour à la politique de confidentialité',
  'error.title': 'Une erreur est survenue',
  'error.body':
    'La page n’a pas pu s’afficher. Réessayez dans un instant ; si le problème persiste, écrivez à {email}.',
  'error.retry': 'Recharger la page',
} as const;

export type MessageKey = keyof typeof fr;
export type Messages = Record<MessageKey, string>;
