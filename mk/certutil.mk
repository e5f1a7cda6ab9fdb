# certutil parser: its label ids live in src/lang/certutil_labels.h, beside the language tables,
# which the Makefile's src/*.h dependency does not cover.
CERTUTIL_LABELS_USERS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(wildcard src/lang/certutil_*.c)) \
                         $(BUILD)/obj/certutil.o $(BUILD)/obj/cmd_certs.o \
                         $(patsubst tests/%.c,$(BUILD)/tobj/%.o,$(wildcard tests/test_certutil*.c))
$(CERTUTIL_LABELS_USERS): src/lang/certutil_labels.h
