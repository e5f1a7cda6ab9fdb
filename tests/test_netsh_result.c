/* netsh result classification (src/netsh_result.c). The English texts are lines people posted
 * publicly (GitHub issues, CI logs, setup guides; see fixtures/netsh-results/README), cleaned of
 * posting noise where noted, plus the
 * prefixes real logs add (timestamps, "##[command]", "#     STDOUT: "), kept on purpose. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "netsh_fields.h"
#include "netsh_help.h"
#include "netsh_result.h"
#include "pattern.h"

static enum netsh_outcome classify(const char *out, int exit_code, int *code)
{
    return netsh_classify(out, exit_code, code);
}

/* Runs the classifier and checks outcome, code and message line. */
static void expect(const char *out, int exit_code, enum netsh_outcome outcome, int code, const char *message)
{
    struct netsh_result_info info;
    netsh_classify_info(out, exit_code, &info);
    ck_assert_msg(info.outcome == outcome, "outcome %s, expected %s for:\n%s", netsh_outcome_name(info.outcome),
                  netsh_outcome_name(outcome), out ? out : "(null)");
    ck_assert_int_eq(info.error_code, code);
    if (message) {
        ck_assert_ptr_nonnull(info.message_line);
        ck_assert_str_eq(info.message_line, message);
    } else {
        ck_assert_ptr_null(info.message_line);
    }
    netsh_result_info_free(&info);
    ck_assert_ptr_null(info.message_line);
    /* the short form agrees */
    int c = -99;
    ck_assert_int_eq(classify(out, exit_code, &c), outcome);
    ck_assert_int_eq(c, code);
}

/* ---- success: samples 16, 17 ---- */

START_TEST(success_deleted_sample16)
{
    expect("`C:\\certs>``netsh http delete sslcert ipport=0.0.0.0:7048`\r\n\r\n"
           "`SSL Certificate successfully deleted`\r\n",
           0, NETSH_OK, 0, "SSL Certificate successfully deleted");
    expect("\r\nSSL Certificate successfully deleted\r\n\r\n", 0, NETSH_OK, 0, "SSL Certificate successfully deleted");
}
END_TEST

START_TEST(success_added_updated_sample17)
{
    expect("\r\nSSL Certificate successfully added\r\n\r\n", 0, NETSH_OK, 0, "SSL Certificate successfully added");
    expect("\r\nSSL Certificate successfully updated\r\n\r\n", 0, NETSH_OK, 0, "SSL Certificate successfully updated");
    /* text wins over a surprising exit code */
    expect("SSL Certificate successfully added\n", 1, NETSH_OK, 0, "SSL Certificate successfully added");
}
END_TEST

/* ---- 183: samples 18, 19 ---- */

START_TEST(exists_183_sample18)
{
    const char *out = "netsh http add sslcert ipport=0.0.0.0:55539 "
                      "certhash=D1E210F5B2F09F723A765DD0FD96DFA15F75A1FB "
                      "appid={00112233-4455-6677-8899-AABBCCDDEEFF}\r\n\r\n"
                      "SSL Certificate add failed, Error: 183\r\n"
                      "Cannot create a file when that file already exists.\r\n";
    expect(out, 1, NETSH_EXISTS, 183, "Cannot create a file when that file already exists.");
    /* real netsh output, as the runner captures it */
    expect("\r\nSSL Certificate add failed, Error: 183\r\nCannot create a file when that file already exists.\r\n\r\n",
           1, NETSH_EXISTS, 183, "Cannot create a file when that file already exists.");
}
END_TEST

START_TEST(exists_183_indented_sample19)
{
    expect("     SSL Certificate add failed, Error: 183\n"
           "     Cannot create a file when that file already exists.\n",
           1, NETSH_EXISTS, 183, "Cannot create a file when that file already exists.");
    /* only the message line survived (log cut): still 183 */
    expect("Cannot create a file when that file already exists.\r\n", 1, NETSH_EXISTS, 183,
           "Cannot create a file when that file already exists.");
}
END_TEST

/* ---- 1312: samples 20, 21, 22, 27 ---- */

START_TEST(no_key_1312_samples_20_22)
{
    const char *msg = "A specified logon session does not exist. It may already have been terminated.";
    expect("netsh http add sslcert ipport=0.0.0.0:6516 certhash=($cert.Thumbprint) "
           "appid='{20835649-704d-4b8d-8021-46ad962ecb83}'\n\n"
           "SSL Certificate add failed, Error: 1312\n"
           "A specified logon session does not exist. It may already have been terminated.\n",
           1, NETSH_NO_KEY_OR_STORE, 1312, msg);
    expect("C:\\>netsh http add sslcert hostnameport=\"[hostname]:[port]\" certhash=\"[hash]\" "
           "appid=\"{[guid]}\" certstore=My\r\n\r\n"
           "SSL Certificate add failed, Error: 1312\r\n"
           "A specified logon session does not exist. It may already have been terminated.\r\n",
           1, NETSH_NO_KEY_OR_STORE, 1312, msg);
}
END_TEST

START_TEST(no_key_1312_azdo_prefix_sample21)
{
    expect("##[command]\"netsh\" http add sslcert hostnameport=ta-devvstsr-01:443 certhash=******** "
           "appid={c4a4f6a3-10a5-4fb6-977b-f1df3672ba33} certstorename=MY\n"
           "SSL Certificate add failed, Error: 1312\n"
           "A specified logon session does not exist. It may already have been terminated.\n",
           1, NETSH_NO_KEY_OR_STORE, 1312,
           "A specified logon session does not exist. It may already have been terminated.");
}
END_TEST

START_TEST(no_key_1312_chef_prefix_sample27)
{
    expect("# ----\n"
           "#     STDOUT: SSL Certificate add failed, Error: 1312\n"
           "#     A specified logon session does not exist. It may already have been terminated.\n"
           "#     STDERR:\n"
           "# ---- End output of C:\\Windows\\system32\\netsh.exe http add sslcert ipport=0.0.0.0:443 "
           "certhash=324b8631bce8f279c98ba65b7a77518f14439624 appid={4dc3e181-e14b-4a21-b022-59fc669b0914} "
           "certstorename=MY ----\n",
           1, NETSH_NO_KEY_OR_STORE, 1312,
           "A specified logon session does not exist. It may already have been terminated.");
}
END_TEST

/* ---- 5: sample 23 (cut right after the code line) ---- */

START_TEST(elevation_5_truncated_sample23)
{
    expect("2022-01-03T11:33:19.5411029Z ##[command]\"netsh\" http show sslcert ipport=0.0.0.0:443\n"
           "2022-01-03T11:33:19.6021321Z ##[command]\"netsh\" http add sslcert ipport=0.0.0.0:443 certhash=*** "
           "appid={81d047e7-c64f-43f2-aa79-bc48ebd81065} certstorename=MY\n"
           "2022-01-03T11:33:19.6470102Z \n"
           "2022-01-03T11:33:19.6471154Z SSL Certificate add failed, Error: 5\n"
           "2022-01-03T11:3",
           1, NETSH_ELEVATION, 5, "SSL Certificate add failed, Error: 5");
}
END_TEST

START_TEST(elevation_messages)
{
    expect("\r\nSSL Certificate add failed, Error: 5\r\n"
           "The requested operation requires elevation (Run as administrator).\r\n\r\n",
           1, NETSH_ELEVATION, 5, "The requested operation requires elevation (Run as administrator).");
    expect("\r\nSSL Certificate delete failed, Error: 5\r\nAccess is denied.\r\n\r\n", 1, NETSH_ELEVATION, 5,
           "Access is denied.");
    /* message only */
    expect("The requested operation requires elevation (Run as administrator).\r\n", 1, NETSH_ELEVATION, 740,
           "The requested operation requires elevation (Run as administrator).");
    expect("Access is denied.\r\n", 1, NETSH_ELEVATION, 5, "Access is denied.");
}
END_TEST

/* ---- 2 and 87 ---- */

START_TEST(not_found_2)
{
    expect("\r\nSSL Certificate delete failed, Error: 2\r\nThe system cannot find the file specified.\r\n\r\n", 1,
           NETSH_NOT_FOUND, 2, "The system cannot find the file specified.");
    expect("\r\nSSL Certificate update failed, Error: 2\r\nThe system cannot find the file specified.\r\n", 1,
           NETSH_NOT_FOUND, 2, "The system cannot find the file specified.");
}
END_TEST

START_TEST(bad_parameter_87)
{
    expect("\r\nSSL Certificate add failed, Error: 87\r\nThe parameter is incorrect.\r\n\r\n", 1,
           NETSH_BAD_PARAMETER, 87, "The parameter is incorrect.");
    /* what older netsh printed alone (StackOverflow 779228) */
    expect("The parameter is incorrect.\r\n", 1, NETSH_BAD_PARAMETER, 87, "The parameter is incorrect.");
}
END_TEST

/* ---- netsh's own messages: samples 24, 25, 26 ---- */

START_TEST(usage_missing_parameter_sample24)
{
    const char *out = "\r\nOne or more essential parameters were not entered.\r\n"
                      "Verify the required parameters, and reenter them.\r\n"
                      "The syntax supplied for this command is not valid. Check help for the correct syntax.\r\n\r\n"
                      "Usage: add sslcert hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>\r\n"
                      "        appid=<GUID>\r\n"
                      "        [certhash=<string>]\r\n"
                      "        [certstorename=<string>]\r\n"
                      "        [revocationfreshnesstime=<u-int>]\r\n"
                      "        [enablesessionticket=enable|disable]\r\n\r\nParameters\r\n";
    expect(out, 1, NETSH_USAGE, -1, "One or more essential parameters were not entered.");
    /* the usage block alone is enough */
    expect("Usage: add sslcert hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>\r\n"
           "        appid=<GUID>\r\n",
           1, NETSH_USAGE, -1, "Usage: add sslcert hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>");
}
END_TEST

START_TEST(no_update_command_sample25)
{
    expect("PS C:\\Windows\\system32> set-mobileservercertificate\n"
           "set-mobileservercertificate : Failed to update certificate binding. The following command was not "
           "found: http update sslcert ipport=0.0.0.0:443 certhash= appid={00000000-0000-0000-0000-000000000000}.\n"
           "At line:1 char:1\n",
           1, NETSH_NO_UPDATE_COMMAND, -1,
           "The following command was not found: http update sslcert ipport=0.0.0.0:443 certhash= "
           "appid={00000000-0000-0000-0000-000000000000}.");
    /* netsh's own console output on Windows Server 2012 R2 */
    expect("The following command was not found: http update sslcert ipport=0.0.0.0:443 "
           "certhash=0123456789abcdef0123456789abcdef01234567 appid={00000000-0000-0000-0000-000000000000}.\r\n",
           1, NETSH_NO_UPDATE_COMMAND, -1,
           "The following command was not found: http update sslcert ipport=0.0.0.0:443 "
           "certhash=0123456789abcdef0123456789abcdef01234567 appid={00000000-0000-0000-0000-000000000000}.");
    /* another unknown command is a usage problem, not a missing update */
    expect("The following command was not found: http add sslcrt ipport=0.0.0.0:443.\r\n", 1, NETSH_USAGE, -1,
           "The following command was not found: http add sslcrt ipport=0.0.0.0:443.");
}
END_TEST

START_TEST(docs_syntax_is_not_an_error_sample26)
{
    /* The documentation syntax block holds "ipport=<ipaddr:port>" etc. but no result line: no
     * code may be read from it. Its "[name=" list is netsh's usage text, whatever the exit code
     * (Windows Server 2019 exits 0 with it for a parameter it does not know). */
    const char *out =
        "netsh http add sslcert [hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>] | json=[filepath]\n"
        "                       [appid=<GUID>] [certhash=<string>] [certstorename=<string>]\n"
        "netsh http delete sslcert ipport=<ipaddr:port> | hostnameport=<name:port> | ccs=<port>\n"
        "netsh http show update sslpropertyex [hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>] |\n"
        "                                     [propertyid=0 receivewindow=<bytes>]\n";
    int code = 7;
    ck_assert_int_eq(classify(out, 0, &code), NETSH_USAGE);
    ck_assert_int_eq(code, -1);
    ck_assert_int_eq(classify(out, 1, &code), NETSH_USAGE);
    ck_assert_int_eq(code, -1);
}
END_TEST

/* ---- other languages ---- */

START_TEST(codes_in_other_languages)
{
    /* German: the code line with "Fehler:" and the German Win32 message */
    expect("\r\nFehler beim Hinzuf\xC3\xBCgen des SSL-Zertifikats, Fehler: 183\r\n"
           "Eine Datei kann nicht erstellt werden, wenn sie bereits vorhanden ist.\r\n",
           1, NETSH_EXISTS, 183, "Eine Datei kann nicht erstellt werden, wenn sie bereits vorhanden ist.");
    /* French: "Erreur : 1312" with a space, and with a no-break space, before the colon */
    expect("\r\n\xC3\x89" "chec de l'ajout du certificat SSL, Erreur : 1312\r\n"
           "Une session ouverte sp\xC3\xA9" "cifi\xC3\xA9" "e n\xE2\x80\x99" "existe pas. Elle a peut-\xC3\xAAtre "
           "d\xC3\xA9j\xC3\xA0 \xC3\xA9t\xC3\xA9 arr\xC3\xAAt\xC3\xA9" "e.\r\n",
           1, NETSH_NO_KEY_OR_STORE, 1312,
           "Une session ouverte sp\xC3\xA9" "cifi\xC3\xA9" "e n\xE2\x80\x99" "existe pas. Elle a peut-\xC3\xAAtre "
           "d\xC3\xA9j\xC3\xA0 \xC3\xA9t\xC3\xA9 arr\xC3\xAAt\xC3\xA9" "e.");
    int code = 0;
    /* the word table alone (a line that does not name SSL) */
    ck_assert_int_eq(classify("Fehler: 1312\r\n", 1, &code), NETSH_NO_KEY_OR_STORE);
    ck_assert_int_eq(code, 1312);
    ck_assert_int_eq(classify("Erreur : 183\r\n", 1, &code), NETSH_EXISTS);
    ck_assert_int_eq(code, 183);
    ck_assert_int_eq(classify("\xE9\x94\x99\xE8\xAF\xAF\xEF\xBC\x9A 87\r\n", 1, &code), NETSH_BAD_PARAMETER);
    ck_assert_int_eq(code, 87);
    /* ... but a word that merely ends in "error" is not it */
    ck_assert_int_eq(classify("MyError: 183\r\n", 1, &code), NETSH_OTHER);
    ck_assert_int_eq(classify("Certificat SSL : \xC3\xA9" "chec, Erreur\xC2\xA0: 5\r\n", 1, &code), NETSH_ELEVATION);
    ck_assert_int_eq(code, 5);
    /* Spanish and Italian */
    ck_assert_int_eq(classify("Error al agregar el certificado SSL, Error: 87\r\n", 1, &code), NETSH_BAD_PARAMETER);
    ck_assert_int_eq(code, 87);
    ck_assert_int_eq(classify("Aggiunta del certificato SSL non riuscita. Errore: 2\r\n", 1, &code), NETSH_NOT_FOUND);
    ck_assert_int_eq(code, 2);
    /* a word not in the table still gives the code when the line names SSL (Greek) */
    ck_assert_int_eq(classify("SSL \xCE\xA3\xCF\x86\xCE\xAC\xCE\xBB\xCE\xBC\xCE\xB1: 183\r\n", 1, &code),
                     NETSH_EXISTS);
    ck_assert_int_eq(code, 183);
}
END_TEST

START_TEST(localized_messages_without_code)
{
    int code = 0;
    ck_assert_int_eq(classify("Zugriff verweigert\r\n", 1, &code), NETSH_ELEVATION);
    ck_assert_int_eq(code, 5);
    ck_assert_int_eq(classify("Acc\xC3\xA8s refus\xC3\xA9.\r\n", 1, &code), NETSH_ELEVATION);
    ck_assert_int_eq(classify("Das System kann die angegebene Datei nicht finden.\r\n", 1, &code), NETSH_NOT_FOUND);
    ck_assert_int_eq(code, 2);
    ck_assert_int_eq(classify("Le fichier sp\xC3\xA9" "cifi\xC3\xA9 est introuvable.\r\n", 1, &code), NETSH_NOT_FOUND);
    ck_assert_int_eq(classify("Falscher Parameter.\r\n", 1, &code), NETSH_BAD_PARAMETER);
    ck_assert_int_eq(code, 87);
    ck_assert_int_eq(classify("Param\xC3\xA8tre incorrect.\r\n", 1, &code), NETSH_BAD_PARAMETER);
    ck_assert_int_eq(classify("Eine angegebene Anmeldesitzung ist nicht vorhanden.\r\n", 1, &code),
                     NETSH_NO_KEY_OR_STORE);
    ck_assert_int_eq(code, 1312);
    ck_assert_int_eq(classify("Impossible de cr\xC3\xA9" "er un fichier d\xC3\xA9j\xC3\xA0 existant.\r\n", 1, &code),
                     NETSH_EXISTS);
    ck_assert_int_eq(classify("Der angeforderte Vorgang erfordert erh\xC3\xB6hte Rechte.\r\n", 1, &code),
                     NETSH_ELEVATION);
    ck_assert_int_eq(code, 740);
    ck_assert_int_eq(classify("Der folgende Befehl wurde nicht gefunden: http update sslcert ipport=0.0.0.0:443.\r\n",
                              1, &code),
                     NETSH_NO_UPDATE_COMMAND);
    ck_assert_int_eq(classify("La commande suivante est introuvable : http update sslcert ipport=0.0.0.0:443.\r\n", 1,
                              &code),
                     NETSH_NO_UPDATE_COMMAND);
}
END_TEST

/* ---- unknown codes, exit code fallback, hostile input ---- */

START_TEST(unknown_code_is_other_with_message)
{
    expect("\r\nSSL Certificate add failed, Error: 1168\r\nElement not found.\r\n", 1, NETSH_NOT_FOUND, 1168,
           "Element not found.");
    expect("\r\nSSL Certificate add failed, Error: 50\r\nThe request is not supported.\r\n", 1, NETSH_OTHER, 50,
           "The request is not supported.");
    /* the message line loses the prefix it shares with the code line */
    expect("2024-05-01T10:00:00Z SSL Certificate add failed, Error: 1450\n"
           "2024-05-01T10:00:00Z Insufficient system resources exist to complete the requested service.\n",
           1, NETSH_OTHER, 1450, "Insufficient system resources exist to complete the requested service.");
    /* no message line at all */
    expect("SSL Certificate add failed, Error: 50", 1, NETSH_OTHER, 50, "SSL Certificate add failed, Error: 50");
}
END_TEST

START_TEST(exit_code_fallback)
{
    expect("", 0, NETSH_OK, 0, NULL);
    expect(NULL, 0, NETSH_OK, 0, NULL);
    expect("", 1, NETSH_OTHER, -1, NULL);
    expect("\r\n  \r\n", 1, NETSH_OTHER, -1, NULL);
    expect("Something netsh never says.\r\nLast words \r\n\r\n", 1, NETSH_OTHER, -1, "Last words");
    /* echoed commands are not errors: "hostnameport=www.example.com:443" has no error code */
    expect("netsh http add sslcert hostnameport=www.example.com:443 certhash=x appid={y}\r\n", 0, NETSH_OK, 0, NULL);
    expect("netsh http add sslcert hostnameport=www.example.com:443 certhash=x appid={y}\r\n", 2, NETSH_OTHER, -1,
           "netsh http add sslcert hostnameport=www.example.com:443 certhash=x appid={y}");
    /* "At line:1 char:1" (PowerShell) names no SSL: not an error code */
    expect("At line:1 char:1\n", 1, NETSH_OTHER, -1, "At line:1 char:1");
}
END_TEST

START_TEST(hostile_input)
{
    size_t n = 1 << 20;
    char *big = malloc(n + 64);
    ck_assert_ptr_nonnull(big);
    /* 1 MB of "SSL" and letters, no newline: nothing to find, and fast */
    for (size_t i = 0; i < n; i++)
        big[i] = "SSL a,"[i % 6];
    big[n] = '\0';
    int code = 0;
    ck_assert_int_eq(classify(big, 0, &code), NETSH_OK);
    ck_assert_int_eq(classify(big, 1, &code), NETSH_OTHER);
    /* the same with a real error at the very end */
    strcpy(big + n, "\nSSL Certificate add failed, Error: 183\n");
    ck_assert_int_eq(classify(big, 1, &code), NETSH_EXISTS);
    ck_assert_int_eq(code, 183);
    /* invalid UTF-8 and control bytes around a real line */
    ck_assert_int_eq(classify("\xFF\xFE\x01\x80 SSL Certificate add failed, Error: 87\r\n\xC3", 1, &code),
                     NETSH_BAD_PARAMETER);
    /* absurd code numbers do not overflow */
    ck_assert_int_eq(classify("SSL Certificate add failed, Error: 9999999999\r\n", 1, &code), NETSH_OTHER);
    ck_assert_int_eq(code, -1);
    /* lone CR line ends */
    ck_assert_int_eq(classify("\rSSL Certificate add failed, Error: 2\rThe system cannot find the file specified.\r",
                              1, &code),
                     NETSH_NOT_FOUND);
    free(big);
}
END_TEST

START_TEST(advice_and_names)
{
    for (int o = NETSH_OK; o <= NETSH_OTHER; o++) {
        ck_assert_ptr_nonnull(netsh_outcome_advice((enum netsh_outcome)o));
        ck_assert_int_gt((int)strlen(netsh_outcome_advice((enum netsh_outcome)o)), 20);
        ck_assert_ptr_nonnull(netsh_outcome_name((enum netsh_outcome)o));
    }
    const char *a = netsh_outcome_advice(NETSH_NO_KEY_OR_STORE);
    ck_assert_ptr_nonnull(strstr(a, "certstorename"));
    ck_assert_ptr_nonnull(strstr(a, "certutil -store My"));
    ck_assert_ptr_nonnull(strstr(a, "Encryption test passed"));
    ck_assert_ptr_nonnull(strstr(a, "WebHosting"));
    ck_assert_ptr_nonnull(strstr(netsh_outcome_advice(NETSH_ELEVATION), "administrator"));
    ck_assert_ptr_nonnull(strstr(netsh_outcome_advice(NETSH_NO_UPDATE_COMMAND), "delete + add"));
    ck_assert_str_eq(netsh_outcome_name(NETSH_NO_KEY_OR_STORE), "no-key-or-store");
    ck_assert_str_eq(netsh_outcome_name(NETSH_NO_UPDATE_COMMAND), "no-update-command");
    /* out of range falls back to the generic advice */
    ck_assert_str_eq(netsh_outcome_advice((enum netsh_outcome)99), netsh_outcome_advice(NETSH_OTHER));
}
END_TEST

/* ---- judging a change certrebind ran: text and exit code together ---- */

START_TEST(change_needs_the_success_line)
{
    int code = 7;
    ck_assert_int_eq(netsh_judge_change("\r\nSSL Certificate successfully added\r\n\r\n", 0, &code), NETSH_OK);
    ck_assert_int_eq(code, 0);
    ck_assert_int_eq(netsh_judge_change("\r\nSSL Certificate successfully updated\r\n\r\n", 0, &code), NETSH_OK);
    /* exit 0 and nothing printed: nothing says the binding exists */
    ck_assert_int_eq(netsh_judge_change("", 0, &code), NETSH_OTHER);
    ck_assert_int_eq(code, -1);
    ck_assert_int_eq(netsh_judge_change(NULL, 0, &code), NETSH_OTHER);
    ck_assert_int_eq(netsh_judge_change("\r\n\r\n", 0, &code), NETSH_OTHER);
    /* Server 2019 given a parameter it does not know: its usage text, exit 0, nothing created */
    const char *usage = "\r\nUsage: add sslcert hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>\r\n"
                        "        appid=<GUID>\r\n"
                        "        [certhash=<string>]\r\n"
                        "        [reject=enable|disable]\r\n"
                        "        [disablehttp2=enable|disable]\r\n\r\n";
    ck_assert_int_eq(netsh_judge_change(usage, 0, &code), NETSH_USAGE);
    ck_assert_int_eq(code, -1);
    /* the same in another display language: the prose is translated (wording illustrative), the
     * "[name=" list is not */
    const char *usage_de = "\r\nSyntax: add sslcert hostnameport=<Name:Port> | ipport=<IP-Adresse:Port> | ccs=<Port>\r\n"
                           "        appid=<GUID>\r\n"
                           "        [certhash=<Zeichenfolge>]\r\n"
                           "        [certstorename=<Zeichenfolge>]\r\n\r\n";
    ck_assert_int_eq(netsh_judge_change(usage_de, 0, &code), NETSH_USAGE);
    /* a success line in a language without a row: one line that names SSL (wording illustrative) */
    ck_assert_int_eq(netsh_judge_change("\r\nSSL-Zertifikat erfolgreich hinzugef\xC3\xBCgt\r\n\r\n", 0, &code), NETSH_OK);
    /* other text after exit 0 is not a success */
    ck_assert_int_eq(netsh_judge_change("\r\nOK\r\n", 0, &code), NETSH_OTHER);
    ck_assert_int_eq(netsh_judge_change("SSL\r\nsomething else\r\n", 0, &code), NETSH_OTHER);
    /* failures keep their class, whatever the exit code says */
    ck_assert_int_eq(netsh_judge_change("\r\nSSL Certificate add failed, Error: 87\r\nThe parameter is incorrect.\r\n",
                                        1, &code),
                     NETSH_BAD_PARAMETER);
    ck_assert_int_eq(code, 87);
    ck_assert_int_eq(netsh_judge_change("\r\nSSL Certificate add failed, Error: 183\r\n", 0, &code), NETSH_EXISTS);
    ck_assert_int_eq(netsh_judge_change("", 1, &code), NETSH_OTHER);
}
END_TEST

/* ---- what this netsh accepts: the "[name=" list of `add sslcert help` ---- */

static int listed(const struct netsh_help *h, enum netsh_field f) { return (h->listed >> f) & 1; }

START_TEST(help_lists_the_parameters_samples_24_26)
{
    /* sample 24: a 2019/2022 build (no disablesessionid), appid required */
    const char *s24 = "Usage: add sslcert hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>\r\n"
                      "        appid=<GUID>\r\n"
                      "        [certhash=<string>]\r\n"
                      "        [certstorename=<string>]\r\n"
                      "        [verifyclientcertrevocation=enable|disable]\r\n"
                      "        [revocationfreshnesstime=<u-int>]\r\n"
                      "        [disablequic=enable|disable]\r\n"
                      "        [enablesessionticket=enable|disable]\r\n\r\nParameters\r\n";
    struct netsh_help h;
    ck_assert_int_eq(netsh_help_parse(s24, strlen(s24), &h), 0);
    ck_assert_uint_eq(h.names, 6);
    ck_assert(listed(&h, NF_CERTHASH) && listed(&h, NF_CERTSTORENAME) && listed(&h, NF_DISABLEQUIC));
    ck_assert(listed(&h, NF_ENABLESESSIONTICKET) && !listed(&h, NF_DISABLESESSIONID));
    char name[64];
    const char *ok[] = {"http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=0123456789abcdef0123456789abcdef01234567",
                        "appid={4dc3e181-e14b-4a21-b022-59fc669b0914}", "certstorename=MY", "disablequic=enable", NULL};
    ck_assert_ptr_null(netsh_help_first_unknown(&h, ok, name, sizeof name));
    const char *bad[] = {"http", "update", "sslcert", "hostnameport=www.example.com:443", "certstorename=MY",
                         "usagecheck=enable", "disablesessionid=enable", NULL};
    ck_assert_str_eq(netsh_help_first_unknown(&h, bad, name, sizeof name), "usagecheck");
    const char *del[] = {"http", "delete", "sslcert", "ccs=443", NULL};
    ck_assert_ptr_null(netsh_help_first_unknown(&h, del, name, sizeof name));
    /* sample 26: the 2025 documentation syntax, several parameters per line, json=[filepath] */
    const char *s26 =
        "netsh http add sslcert [hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>] | json=[filepath]\n"
        "                       [appid=<GUID>] [certhash=<string>] [certstorename=<string>]\n"
        "                       [enablesessionticket=enable|disable] [disablesessionid=enable|disable]\n";
    ck_assert_int_eq(netsh_help_parse(s26, strlen(s26), &h), 0);
    ck_assert(listed(&h, NF_HOSTNAMEPORT) && listed(&h, NF_APPID) && listed(&h, NF_DISABLESESSIONID));
    ck_assert(!listed(&h, NF_DISABLEQUIC));
    /* not a usage text */
    ck_assert_int_eq(netsh_help_parse("", 0, &h), -1);
    const char *nf = "The following command was not found: http add sslcert help.\r\n";
    ck_assert_int_eq(netsh_help_parse(nf, strlen(nf), &h), -1);
    ck_assert_uint_eq(h.listed, 0);
    /* hostile: NULs, brackets without names, a huge name */
    char junk[600];
    memset(junk, '[', sizeof junk);
    memcpy(junk + 100, "\0[certhash=\0", 12);
    memset(junk + 200, 'a', 300);
    junk[500] = '=';
    ck_assert_int_eq(netsh_help_parse(junk, sizeof junk, &h), 0);
    ck_assert(listed(&h, NF_CERTHASH));
    ck_assert_uint_eq(h.names, 2);
}
END_TEST

static void teardown(void) { parser_tables_free(); }

Suite *suite_netsh_result(void)
{
    Suite *s = suite_create("netsh_result");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, success_deleted_sample16);
    tcase_add_test(tc, success_added_updated_sample17);
    tcase_add_test(tc, exists_183_sample18);
    tcase_add_test(tc, exists_183_indented_sample19);
    tcase_add_test(tc, no_key_1312_samples_20_22);
    tcase_add_test(tc, no_key_1312_azdo_prefix_sample21);
    tcase_add_test(tc, no_key_1312_chef_prefix_sample27);
    tcase_add_test(tc, elevation_5_truncated_sample23);
    tcase_add_test(tc, elevation_messages);
    tcase_add_test(tc, not_found_2);
    tcase_add_test(tc, bad_parameter_87);
    tcase_add_test(tc, usage_missing_parameter_sample24);
    tcase_add_test(tc, no_update_command_sample25);
    tcase_add_test(tc, docs_syntax_is_not_an_error_sample26);
    tcase_add_test(tc, codes_in_other_languages);
    tcase_add_test(tc, localized_messages_without_code);
    tcase_add_test(tc, unknown_code_is_other_with_message);
    tcase_add_test(tc, exit_code_fallback);
    tcase_add_test(tc, hostile_input);
    tcase_add_test(tc, advice_and_names);
    tcase_add_test(tc, change_needs_the_success_line);
    tcase_add_test(tc, help_lists_the_parameters_samples_24_26);
    suite_add_tcase(s, tc);
    return s;
}
