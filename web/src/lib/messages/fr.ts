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
  'form.intro':
    'Tous les champs sont obligatoires, sauf ceux marqués « facultatif ». Nous vous enverrons un lien par e-mail pour confirmer votre adresse.',
  'form.optional': '(facultatif)',
  'form.errorPrefix': 'Erreur :',
  'form.summary.one': 'Il y a 1 erreur dans le formulaire',
  'form.summary.many': 'Il y a {count} erreurs dans le formulaire',
  'form.type': 'Quel droit souhaitez-vous exercer ?',
  'form.details.heading': 'Votre demande : {right}',
  'form.identity.heading': 'Vos coordonnées',
  'form.fullName': 'Nom et prénom',
  'form.email': 'Adresse e-mail',
  'form.email.hint': 'Nous y enverrons le lien de confirmation, puis nos réponses.',
  'form.message': 'Message',
  'form.message.hint': 'Toute précision utile pour traiter votre demande (5 000 caractères au maximum).',
  'form.locale':
    'Nous vous écrirons en français. Pour changer de langue, utilisez le bouton en haut de la page.',
  'form.privacy':
    'Les informations de ce formulaire servent uniquement à traiter votre demande et à en garder la preuve.',
  'form.submit': 'Envoyer ma demande',
  'form.sending': 'Envoi en cours…',
  'form.rateLimited':
    'Trop de demandes ont été envoyées depuis votre connexion ou pour cette adresse. Réessayez dans {minutes} min.',
  'form.sendFailed':
    'Votre demande n’a pas pu être envoyée. Vérifiez votre connexion et réessayez ; si le problème persiste, écrivez à {email}.',
  'form.scope': 'Données concernées',
  'form.scope.hint.access':
    'Si vous ne souhaitez qu’une partie de vos données (par exemple vos commandes), précisez-le ici.',
  'form.scope.hint.erasure':
    'Si vous ne souhaitez effacer qu’une partie de vos données, précisez-le ici ; sinon nous effaçons tout ce que la loi nous permet d’effacer.',
  'form.reason': 'Motif de l’effacement',
  'form.reason.hint':
    'Par exemple : les données ne sont plus nécessaires, ou vous retirez votre consentement.',
  'form.ground': 'Pour quelle raison demandez-vous la limitation ?',
  'form.ground.accuracy_contested': 'Je conteste l’exactitude de mes données',
  'form.ground.unlawful_processing':
    'Le traitement est illicite, mais je ne veux pas que les données soient effacées',
  'form.ground.legal_claims':
    'J’ai besoin des données pour constater, exercer ou défendre un droit en justice',
  'form.ground.objection_pending': 'Je me suis opposé(e) au traitement et j’attends votre réponse',
  'form.objection.purposes': 'À quels traitements vous opposez-vous ?',
  'form.purposes.hint': 'Cochez une ou plusieurs cases.',
  'form.objection.direct_marketing': 'Prospection commerciale',
  'form.objection.personalized_offers': 'Offres personnalisées',
  'form.objection.customer_analysis': 'Analyse de la clientèle',
  'form.objection.satisfaction_surveys': 'Enquêtes de satisfaction',
  'form.objection.other': 'Autre traitement',
  'form.grounds': 'Vos raisons',
  'form.grounds.hint':
    'Expliquez ce qui, dans votre situation particulière, justifie votre opposition. Inutile pour la seule prospection commerciale.',
  'form.format': 'Dans quel format souhaitez-vous recevoir vos données ?',
  'form.format.json': 'JSON (pour un autre service ou un programme)',
  'form.format.csv': 'CSV (pour un tableur)',
  'form.transfer': 'Transmettre directement mes données à un autre responsable de traitement',
  'form.transfer.name': 'Nom de l’organisme destinataire',
  'form.transfer.email': 'Adresse e-mail de l’organisme destinataire',
  'form.consent.purposes': 'Pour quels usages retirez-vous votre consentement ?',
  'form.consent.newsletter': 'Lettre d’information',
  'form.consent.campaign_offers': 'Offres promotionnelles',
  'form.consent.partner_offers': 'Offres de partenaires',
  'form.consent.analytics_cookies': 'Cookies de mesure d’audience',
  'form.consent.advertising_cookies': 'Cookies publicitaires',
  'form.consent.other': 'Autre usage',
  'form.question': 'Votre question',
  'form.decision': 'Quelle décision automatisée est concernée ?',
  'form.decision.hint': 'Décrivez la décision, sa date si vous la connaissez, et ses effets pour vous.',
  'form.humanReview': 'Je demande qu’une personne réexamine cette décision',
  'form.corrections.heading': 'Données à corriger',
  'form.corrections.hint': 'Une ligne par donnée à corriger ou compléter ({max} au maximum).',
  'form.corrections.legend': 'Correction {n}',
  'form.corrections.field': 'Donnée concernée',
  'form.corrections.fieldHint': 'Par exemple : adresse postale, numéro de téléphone.',
  'form.corrections.current': 'Valeur actuelle',
  'form.corrections.corrected': 'Valeur correcte',
  'form.corrections.add': 'Ajouter une correction',
  'form.corrections.remove': 'Retirer la correction {n}',
  'form.error.type': 'Choisissez le droit que vous souhaitez exercer',
  'form.error.email': 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr',
  'form.error.fullName': 'Saisissez votre nom et prénom',
  'form.error.purposes': 'Cochez au moins une case',
  'form.error.grounds':
    'Expliquez vos raisons : elles sont nécessaires sauf pour la seule prospection commerciale',
  'form.error.ground': 'Choisissez la raison de votre demande de limitation',
  'form.error.format': 'Choisissez un format',
  'form.error.decision': 'Décrivez la décision concernée',
  'form.error.transferName': 'Saisissez le nom de l’organisme destinataire',
  'form.error.corrections': 'Indiquez entre 1 et 50 corrections',
  'form.error.correctionField': 'Indiquez la donnée à corriger',
  'form.error.correctedValue': 'Indiquez la valeur correcte',
  'form.error.required': 'Ce champ est obligatoire',
  'form.error.tooLong': 'Ce texte est trop long',
  'form.error.invalid': 'Cette valeur n’est pas valide',

  'requestSent.title': 'Vérifiez votre boîte e-mail',
  'requestSent.body':
    'Nous vous avons envoyé un e-mail avec un lien de confirmation. Ouvrez ce lien dans les {hours} heures : nous commencerons à traiter votre demande dès que votre adresse sera confirmée.',
  'requestSent.expiry':
    'Sans confirmation, votre demande expire au bout de {days} jours et n’est pas traitée.',
  'requestSent.noMail.heading': 'Vous n’avez rien reçu ?',
  'requestSent.noMail.body':
    'Regardez dans vos courriers indésirables. Si le lien a expiré, demandez-en un nouveau avec votre adresse e-mail et la référence de la demande, indiquée dans l’e-mail.',
  'requestSent.newLink': 'Recevoir un nouveau lien',

  'verify.title': 'Confirmation de votre adresse e-mail',
  'verify.withToken': 'Nous confirmons votre adresse e-mail…',
  'verify.noToken':
    'Ce lien de confirmation est incomplet. Ouvrez le lien tel qu’il figure dans l’e-mail reçu, ou demandez un nouveau lien.',
  'verify.newLink': 'Recevoir un nouveau lien',
  'verify.error.token_used.title': 'Ce lien a déjà été utilisé',
  'verify.error.token_used.body':
    'Chaque lien ne sert qu’une fois. Si vous avez déjà confirmé votre adresse, votre demande est enregistrée ; pour la suivre, demandez un nouveau lien.',
  'verify.error.token_expired.title': 'Ce lien a expiré',
  'verify.error.token_expired.body':
    'Les liens sont valables 24 heures. Demandez un nouveau lien avec votre adresse e-mail et la référence de votre demande.',
  'verify.error.token_revoked.title': 'Ce lien a été remplacé',
  'verify.error.token_revoked.body':
    'Un lien plus récent vous a été envoyé depuis : utilisez le dernier e-mail reçu, ou demandez un nouveau lien.',
  'verify.error.token_unknown.title': 'Ce lien n’est pas valide',
  'verify.error.token_unknown.body':
    'Vérifiez que vous avez ouvert le lien complet, tel qu’il figure dans l’e-mail, ou demandez un nouveau lien.',
  'verify.error.rate_limited.title': 'Trop de tentatives',
  'verify.error.rate_limited.body':
    'Patientez quelques minutes, puis ouvrez à nouveau le lien reçu par e-mail.',
  'verify.error.failed.title': 'La confirmation n’a pas abouti',
  'verify.error.failed.body':
    'Nous n’avons pas pu joindre le service. Ouvrez à nouveau le lien dans quelques instants ; il reste valable s’il n’a pas été utilisé.',

  'status.title': 'Suivi de votre demande',
  'status.lostLink': 'Recevoir un nouveau lien',
  'status.signedOut.none':
    'Pour voir où en est votre demande, ouvrez le lien reçu par e-mail. Vous ne le retrouvez plus ? Demandez un nouveau lien.',
  'status.signedOut.expired':
    'Votre accès à cette demande a expiré. Demandez un nouveau lien : nous l’enverrons à l’adresse e-mail de la demande.',
  'status.reference': 'Référence',
  'status.appealOf': 'Recours contre',
  'status.type': 'Droit exercé',
  'status.status': 'État',
  'status.receivedAt': 'Reçue le',
  'status.verifiedAt': 'Adresse confirmée le',
  'status.dueAt': 'Réponse au plus tard le',
  'status.daysLeft.many': 'encore {days} jours',
  'status.daysLeft.one': 'encore 1 jour',
  'status.daysLeft.today': 'aujourd’hui',
  'status.daysLeft.overdue': 'en retard de {days} j',
  'status.label.pending_verification': 'En attente de confirmation',
  'status.label.verified': 'Reçue',
  'status.label.in_progress': 'En cours de traitement',
  'status.label.awaiting_subject': 'En attente de votre réponse',
  'status.label.completed': 'Traitée',
  'status.label.denied': 'Refusée',
  'status.label.cancelled': 'Annulée',
  'status.label.expired': 'Expirée',
  'status.label.unknown': 'Mise à jour',
  'status.awaiting': 'Nous avons besoin d’une précision de votre part : répondez à notre message ci-dessous.',
  'status.timeline.heading': 'Historique',
  'status.timeline.empty': 'Aucun événement pour le moment.',
  'status.event.received': 'Demande reçue',
  'status.event.verified': 'Adresse e-mail confirmée',
  'status.event.acknowledged': 'Demande prise en compte',
  'status.event.status_changed': 'Changement d’état',
  'status.event.status_changed_to': 'Nouvel état : {status}',
  'status.event.info_requested': 'Précision demandée',
  'status.event.extended': 'Délai de réponse prolongé',
  'status.event.completed': 'Demande traitée',
  'status.event.denied': 'Demande refusée',
  'status.event.cancelled': 'Demande annulée',
  'status.event.expired': 'Demande expirée',
  'status.event.appealed': 'Recours déposé',
  'status.event.message_from_subject': 'Message envoyé',
  'status.event.message_from_staff': 'Message reçu',
  'status.event.access_link_sent': 'Nouveau lien envoyé',
  'status.event.download_fetched': 'Fichier téléchargé',
  'status.event.other': 'Mise à jour de votre demande',
  'status.messages.heading': 'Messages',
  'status.messages.empty': 'Aucun message pour le moment.',
  'status.messages.you': 'Vous',
  'status.messages.controller': '{controller}',
  'status.reply.label': 'Votre message',
  'status.reply.hint': '5 000 caractères au maximum.',
  'status.reply.submit': 'Envoyer le message',
  'status.reply.required': 'Écrivez votre message',
  'status.reply.failed': 'Le message n’a pas pu être envoyé. Réessayez.',
  'status.reply.sent': 'Votre message a été envoyé.',
  'status.cancel.heading': 'Annuler la demande',
  'status.cancel.intro': 'Vous pouvez annuler votre demande tant qu’elle n’est pas traitée.',
  'status.cancel.open': 'Annuler ma demande',
  'status.cancel.confirmTitle': 'Annuler votre demande ?',
  'status.cancel.confirmBody':
    'Nous arrêterons de la traiter. Cette action est définitive ; vous pourrez faire une nouvelle demande à tout moment.',
  'status.cancel.reason': 'Pourquoi annulez-vous ?',
  'status.cancel.confirm': 'Oui, annuler ma demande',
  'status.cancel.keep': 'Non, garder ma demande',
  'status.cancel.failed': 'L’annulation n’a pas abouti. Réessayez.',
  'status.cancel.done': 'Votre demande a été annulée. Un e-mail de confirmation vous a été envoyé.',
  'status.event.extended_by': 'Délai de réponse prolongé de {months} mois',
  'status.extension': 'Le délai de réponse a été prolongé de {months} mois.',
  'status.outcome.completed': 'Votre demande a été traitée.',
  'status.outcome.deniedReason': 'Nous ne pouvons pas donner suite à votre demande. Motif : {reason}.',
  'status.outcome.appealUntil': 'Vous pouvez contester cette décision jusqu’au {date}.',
  'status.outcome.complain':
    'Vous pouvez aussi introduire une réclamation auprès de la {authority} ou former un recours juridictionnel.',
  'status.outcome.authorityPhone': 'Téléphone de la {authority} :',
  'status.outcome.authorityWebsite': 'Site de la {authority} :',
  'status.denial.identity_not_verified': 'votre identité n’a pas pu être vérifiée',
  'status.denial.manifestly_unfounded': 'demande manifestement infondée',
  'status.denial.excessive': 'demande excessive',
  'status.denial.legal_obligation': 'obligation légale de conserver ou traiter les données',
  'status.denial.rights_of_others': 'atteinte aux droits d’autres personnes',
  'status.denial.other': 'autre motif, expliqué ci-dessous',
  'status.outcome.heading': 'Notre réponse',
  'status.downloads.heading': 'Vos fichiers',
  'status.transfers.heading': 'Données transmises',
  'status.transfers.sent':
    'Comme vous l’avez demandé, vos données ont été transmises à {recipient} le {date} : nous lui avons envoyé un lien de téléchargement personnel.',
  'status.transfers.sentUnnamed':
    'Comme vous l’avez demandé, vos données ont été transmises le {date} au destinataire que vous avez désigné : nous lui avons envoyé un lien de téléchargement personnel.',
  'status.downloads.intro':
    'Le fichier ZIP contient vos données (data.json et un fichier CSV par table) et report.html, qui explique quelles données nous traitons, pourquoi, et vos droits : ouvrez-le dans votre navigateur.',
  'status.downloads.get': 'Télécharger {name}',
  'status.downloads.size': 'Taille : {size}',
  'status.downloads.until': 'Disponible jusqu’au {date}',
  'status.downloads.busy': 'Téléchargement…',
  'status.downloads.saved': '{name} est téléchargé.',
  'status.downloads.expired':
    'Ce fichier n’est plus disponible : sa période de téléchargement a pris fin le {date}.',
  'status.downloads.empty':
    'Plus aucun fichier n’est disponible : la période de téléchargement a pris fin. Écrivez-nous ci-dessous si vous en avez encore besoin.',
  'status.downloads.signedOut':
    'Votre lien de suivi a expiré : demandez-en un nouveau pour télécharger le fichier.',
  'status.downloads.failed': 'Le téléchargement n’a pas abouti. Réessayez dans un instant.',

  'status.appeal.heading': 'Contester cette décision',
  'status.appeal.intro':
    'Si vous n’êtes pas d’accord avec ce refus, vous pouvez former un recours : une autre personne de notre équipe, qui n’a pas pris la première décision, réexaminera votre demande.',
  'status.appeal.deadline': 'Recours possible jusqu’au {date}.',
  'status.appeal.label': 'Pourquoi contestez-vous cette décision ?',
  'status.appeal.hint': 'Ajoutez tout élément utile au réexamen.',
  'status.appeal.required': 'Expliquez pourquoi vous contestez cette décision',
  'status.appeal.failed': 'Votre recours n’a pas pu être enregistré. Réessayez dans un instant.',
  'status.appeal.submit': 'Envoyer mon recours',
  'status.appeal.filed':
    'Votre recours est enregistré sous la référence {reference}. Nous vous répondrons au plus tard le {date}.',
  'status.appeal.follow': 'Suivre mon recours',
  'status.problem.appeal_window_closed':
    'Le délai de recours est dépassé : les 60 jours pour contester cette décision sont écoulés. Vous pouvez toujours saisir la {authority}.',
  'status.problem.action_not_allowed':
    'Cette action n’est plus possible : votre demande a changé entre-temps (par exemple, un recours a déjà été déposé). La page montre maintenant son état actuel.',
  'status.problem.request_closed':
    'Votre demande est close : elle ne peut plus être annulée ni recevoir de message. La page montre maintenant son état actuel.',

  'lostLink.title': 'Recevoir un nouveau lien de suivi',
  'lostLink.intro':
    'Indiquez l’adresse e-mail de votre demande et sa référence (par exemple DSR-2026-000123) : nous vous enverrons un nouveau lien, valable 24 heures.',
  'lostLink.reference': 'Référence de la demande',
  'lostLink.reference.hint':
    'Elle figure dans l’objet des e-mails que nous vous avons envoyés, par exemple DSR-2026-000123.',
  'lostLink.submit': 'Recevoir un nouveau lien',
  'lostLink.error.reference': 'Saisissez une référence de la forme DSR-2026-000123',
  'lostLink.done':
    'Si une demande correspond à cette adresse et à cette référence, nous venons de vous envoyer un e-mail avec un nouveau lien.',
  'lostLink.doneHint': 'Le lien est valable 24 heures. Pensez à regarder dans vos courriers indésirables.',

  'notFound.title': 'Page introuvable',
  'notFound.body': 'L’adresse demandée n’existe pas ou a changé.',
  'notFound.home': 'Retour à la politique de confidentialité',
  'error.title': 'Une erreur est survenue',
  'error.body':
    'La page n’a pas pu s’afficher. Réessayez dans un instant ; si le problème persiste, écrivez à {email}.',
  'error.retry': 'Recharger la page',
  // Status page, confirmation and chooser (issue 9).
  'right.access.hint': 'Savoir quelles données nous avons sur vous et en recevoir une copie.',
  'right.rectification.hint': 'Faire corriger une donnée fausse ou compléter une donnée incomplète.',
  'right.erasure.hint': 'Faire supprimer vos données quand nous n’avons plus de raison de les garder.',
  'right.restriction.hint':
    'Geler l’utilisation de vos données le temps de régler un désaccord, sans les effacer.',
  'right.objection.hint':
    'Nous demander d’arrêter d’utiliser vos données pour un usage précis, comme la prospection.',
  'right.portability.hint':
    'Recevoir vos données dans un fichier réutilisable, ou les faire envoyer à un autre organisme.',
  'right.consent_withdrawal.hint': 'Revenir sur un accord donné (lettre d’information, cookies, offres).',
  'right.information.hint': 'Poser une question sur l’usage de vos données, sans rien demander d’autre.',
  'right.automated_decision.hint':
    'Contester une décision prise par un programme, sans intervention humaine, et demander qu’une personne la revoie.',
  'form.unsure.summary': 'Vous ne savez pas quel droit choisir ?',
  'form.unsure.intro': 'Choisissez la situation qui vous ressemble :',
  'form.unsure.access': 'Je veux savoir ce que vous savez de moi',
  'form.unsure.rectification': 'Une information me concernant est fausse',
  'form.unsure.erasure': 'Je veux que vous supprimiez mes données',
  'form.unsure.objection': 'Je ne veux plus recevoir de publicité',
  'form.unsure.consent_withdrawal': 'Je retire un accord donné (lettre d’information, cookies)',
  'form.unsure.information': 'Aucune de ces situations : poser une question',
  'form.unsure.choose': 'Choisir « {right} »',
  'form.otherPurpose': 'Précisez lequel',
  'form.otherPurpose.hint': 'En quelques mots, l’usage de vos données qui est concerné.',
  'form.error.purposes.objection': 'Cochez au moins un traitement auquel vous vous opposez',
  'form.error.purposes.consent': 'Cochez au moins un usage pour lequel vous retirez votre accord',
  'form.error.otherPurpose': 'Précisez l’autre usage concerné',
  'form.error.inGroup': '{group} : {error}',
  'form.errorTitle': 'Erreur : {title}',
  'requestSent.panel.reference': 'Votre référence',
  'requestSent.panel.missing': 'Votre référence figure dans l’e-mail que nous venons de vous envoyer.',
  'requestSent.next.heading': 'Et maintenant ?',
  'requestSent.next.confirm':
    'Confirmez votre adresse e-mail avant le {date} : ouvrez le lien que nous venons de vous envoyer (valable {hours} heures).',
  'requestSent.next.confirmNoDate':
    'Confirmez votre adresse e-mail dans les {hours} heures : ouvrez le lien que nous venons de vous envoyer.',
  'requestSent.next.answer':
    'Nous vous répondons dans un délai d’un mois à compter de votre confirmation (au plus tard le {date} si vous confirmez aujourd’hui). Si la demande est complexe, ce délai peut être prolongé de deux mois au plus ; nous vous dirons alors pourquoi.',
  'requestSent.next.follow': 'Le lien de l’e-mail ouvre aussi la page de suivi de votre demande.',
  'requestSent.contact.heading': 'Une question ?',
  'requestSent.contact.body': 'Écrivez à {email} en citant votre référence.',
  'requestSent.print': 'Imprimer ou enregistrer cette page',
  'status.asked.heading': 'Ce que vous avez demandé',
  'status.asked.nothing': 'Aucune précision donnée.',
  'status.asked.message': 'Votre message',
  'status.asked.yes': 'Oui',
  'status.asked.no': 'Non',
  'status.asked.otherPurpose': 'Autre usage',
  'status.asked.transferTo': 'Envoi direct à',
  'status.asked.correction': '{field} : {current} → {corrected}',
  'status.asked.correctionNew': '{field} : {corrected}',
  'status.appeal.recorded': 'Vous avez fait un recours contre cette décision.',
  'status.appeal.reference': 'Référence du recours',
  'status.appeal.recordedDue': 'Nous vous répondrons au plus tard le {date}.',
  'status.appeal.recordedHeading': 'Votre recours',
  'status.appeal.followFailed': 'Le recours n’a pas pu être ouvert. Réessayez dans un instant.',
  'status.event.message_from_subject_to': 'Message envoyé — nouveau statut : {status}',
  'status.event.message_from_staff_to': 'Message reçu — nouveau statut : {status}',
  'status.print': 'Imprimer ou enregistrer cette page',
} as const;

export type MessageKey = keyof typeof fr;
export type Messages = Record<MessageKey, string>;
