/* Chinese (Simplified) labels of `certutil -store`. Seen in real posted output (TheMaxMur/RS-Key#79
 * `certutil -scinfo` certificate block, and a Go project's zh-CN fixture): banner word "证书",
 * "序列号", "颁发者", "使用者", "证书哈希(sha1)", "签名与公钥匹配", "根证书: 使用者与颁发者匹配",
 * "提供程序 =", "密钥容器 =", "提供程序类型 =". NotBefore/NotAfter stay English. */
#include "certutil_labels.h"

static const struct label_row labels[] = {
    {"序列号", CL_SERIAL},
    {"颁发者", CL_ISSUER},
    {"使用者", CL_SUBJECT},
    {"证书哈希(sha1)", CL_SHA1},
    {"密钥容器", CL_KEY_CONTAINER},
    {"提供程序", CL_PROVIDER},
    {"提供程序类型", CL_IGNORE},
    {"根证书", CL_IGNORE},
};

static const struct label_row messages[] = {
    {"证书", CM_BANNER_CERT},
    {"签名与公钥匹配", CM_IGNORE},
};

const struct label_table certutil_labels_zh = LABEL_TABLE("zh-CN", labels);
const struct label_table certutil_messages_zh = LABEL_TABLE("zh-CN", messages);
