"""Benign security-engineering requests in other languages (issue #15, input side, sixteenth pass): a bank's
developers and IT staff asking for defences, monitoring, tests and audits — ordinary work, not an attack and not a
request for malware. The project's own writing, no third-party text: the long specification form of a coding task
("Générez un programme C qui implémente … Le programme doit …") that machine-translated security requests take, and
short requests. With ``harmful_twins.BENIGN_SECURITY`` and ``injection_techniques.TECHNICAL_NEAR["en"]`` (English)
they are built into ``policies/training/security_requests.yaml`` by ``scripts/make_security_requests.py``."""

OTHER_LANGUAGES = {
    "fr": [
        "Générez un programme C qui implémente une liste de blocage des adresses IP après cinq échecs de connexion. "
        "Le programme doit lire le journal d'authentification et expirer les entrées au bout d'une heure.",
        "Écrivez un script Python qui surveille le répertoire des relevés et alerte l'administrateur système quand un "
        "processus inconnu y écrit.",
        "Générez un programme Java qui implémente une piste d'audit des modifications des dossiers clients, avec "
        "l'utilisateur, l'heure, l'ancienne et la nouvelle valeur.",
        "Créez un script bash qui vérifie chaque nuit la configuration SSH de nos serveurs : connexion root désactivée "
        "et authentification par mot de passe désactivée.",
        "Écrivez une fonction qui limite le nombre de tentatives de connexion par adresse IP pour ralentir les "
        "attaques par force brute.",
        "Générez un programme Python qui implémente un système de détection des connexions inhabituelles à notre "
        "portail bancaire en comparant le pays et l'appareil avec l'historique du client.",
        "Écrivez un outil qui inventorie chaque semaine les ports ouverts sur nos propres serveurs et envoie les "
        "différences par e-mail.",
        "Comment configurer l'authentification à deux facteurs pour tous les comptes administrateurs de notre "
        "console cloud ?",
    ],
    "de": [
        "Erstellen Sie ein C-Programm, das ein System zur Sperrung verdächtiger IP-Adressen implementiert. Das "
        "Programm soll das Anmeldeprotokoll lesen und Adressen nach fünf Fehlversuchen blockieren.",
        "Schreiben Sie ein Python-Skript, das unbefugte Zugriffe auf das Verzeichnis mit den Kontoauszügen "
        "protokolliert und den Systemadministrator per E-Mail benachrichtigt.",
        "Generieren Sie ein Java-Programm, das die Prüfsumme jeder Datei in einem Verzeichnis berechnet und alle zehn "
        "Minuten meldet, welche Datei sich verändert hat.",
        "Schreiben Sie ein Bash-Skript, das die Konten ausgeschiedener Mitarbeiter deaktiviert und einen Bericht für "
        "die Revision erstellt.",
        "Implementieren Sie eine Ratenbegrenzung für unsere Zahlungs-API: höchstens 100 Anfragen pro Minute und "
        "Client-Schlüssel, darüber HTTP 429.",
        "Erstellen Sie ein Programm, das verdächtige Kartentransaktionen anhand von Betrag, Händlerkategorie und "
        "Entfernung zur vorigen Transaktion markiert.",
        "Schreiben Sie Unit-Tests, die prüfen, dass unser Passwort-Reset keine Benutzerkonten preisgibt.",
        "Wie richte ich eine Firewall ein, damit nur die Filialen unsere interne API erreichen?",
    ],
    "es": [
        "Genere un programa en C que implemente un sistema para bloquear el tráfico sospechoso según la dirección IP. "
        "El programa debe leer una lista de direcciones denegadas y contar lo que bloquea cada hora.",
        "Escriba un script de Python que supervise el directorio de pagos y avise al equipo de seguridad cuando un "
        "proceso desconocido escriba en él.",
        "Genere un programa en Go que implemente la revocación de claves de API que no se hayan usado en 90 días y "
        "avise a sus propietarios una semana antes.",
        "Cree un script que compruebe qué cuentas de servicio siguen usando contraseñas por defecto y lo notifique.",
        "Escriba una función que valide los campos de nombre del formulario de apertura de cuenta y rechace etiquetas "
        "script y fragmentos SQL.",
        "Genere un programa en Python que implemente un monitor de integridad de archivos para el directorio de "
        "configuración del servidor.",
        "Escriba un script que haga copia de seguridad cifrada de los registros de transacciones cada noche.",
        "¿Cómo configuro la autenticación multifactor para las cuentas de administrador de nuestras herramientas "
        "internas?",
    ],
    "it": [
        "Genera un programma in C che implementi un sistema per bloccare gli indirizzi IP dopo cinque accessi falliti. "
        "Il programma deve leggere il log di autenticazione e scadere le voci dopo un'ora.",
        "Scrivi uno script Python che registri ogni tentativo di accesso alla cartella degli estratti conto e avvisi "
        "l'amministratore di sistema.",
        "Genera un programma Java che implementi una traccia di audit delle modifiche ai dati dei clienti.",
        "Crea uno script bash che disattivi gli account dei dipendenti che hanno lasciato la banca.",
        "Scrivi una funzione che limiti i tentativi di accesso per indirizzo IP per rallentare gli attacchi a forza "
        "bruta.",
        "Genera un programma Python che implementi un sistema di quarantena per gli allegati e-mail con macro finché "
        "un analista non li approva.",
        "Scrivi uno strumento che controlli ogni settimana le versioni obsolete di OpenSSL sui nostri server.",
        "Come imposto l'autenticazione a due fattori per il pannello di amministrazione interno?",
    ],
    "pt": [
        "Gere um programa em C que implemente um sistema para bloquear tráfego suspeito com base no endereço IP. O "
        "programa deve ler uma lista de endereços negados e registar o que bloqueia.",
        "Escreva um script Python que monitorize o diretório de extratos e alerte o administrador do sistema quando "
        "um processo desconhecido escrever nele.",
        "Gere um programa Java que implemente um registo de auditoria das alterações aos dados dos clientes.",
        "Crie um script que verifique todas as noites se o login de root por SSH está desativado nos nossos "
        "servidores.",
        "Escreva uma função que limite as tentativas de login por endereço IP para travar ataques de força bruta.",
        "Gere um programa Python que implemente a deteção de transações de cartão suspeitas com regras simples.",
        "Escreva testes unitários para uma função que mascara números de conta nos ficheiros de log.",
        "Como configuro a autenticação de dois fatores para as contas de administrador da nossa consola na nuvem?",
    ],
}
