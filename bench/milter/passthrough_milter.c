/* passthrough_milter.c — the anchor of bench/milter/run.sh: a libmilter filter
 * that registers the same callbacks and flags as umind's milter (envrcpt,
 * eom, abort, close; SMFIF_ADDRCPT|SMFIF_DELRCPT; no envfrom, so the MTA
 * skips MAIL for both; data only on inet:, as umind — milter_callbacks.cpp
 * says why) and decides
 * nothing: every step continues. What it costs is the milter protocol
 * itself, so umind / this = the cost of umind's decisions.
 *   cc -O2 -pthread -o passthrough_milter passthrough_milter.c $(pkg-config --cflags --libs milter)
 *   passthrough_milter inet:PORT@127.0.0.1   (or unix:/path) */
#include <libmilter/mfapi.h>
#include <stdio.h>
#include <string.h>

static sfsistat pass_envrcpt(SMFICTX *ctx, char **argv) { (void)ctx; (void)argv; return SMFIS_CONTINUE; }
static sfsistat pass_eom(SMFICTX *ctx) { (void)ctx; return SMFIS_CONTINUE; }
static sfsistat pass_abort(SMFICTX *ctx) { (void)ctx; return SMFIS_CONTINUE; }
static sfsistat pass_data(SMFICTX *ctx) { (void)ctx; return SMFIS_CONTINUE; }
static sfsistat pass_close(SMFICTX *ctx) { (void)ctx; return SMFIS_CONTINUE; }

int main(int argc, char **argv) {
  static char name[] = "passthrough";
  struct smfiDesc d = {
      .xxfi_name = name, .xxfi_version = SMFI_VERSION, .xxfi_flags = SMFIF_ADDRCPT | SMFIF_DELRCPT,
      .xxfi_envrcpt = pass_envrcpt, .xxfi_eom = pass_eom,
      .xxfi_abort = pass_abort, .xxfi_close = pass_close,
  };
  if (argc != 2) { fprintf(stderr, "usage: %s inet:PORT@127.0.0.1\n", argv[0]); return 2; }
  if (strncmp(argv[1], "inet", 4) == 0) d.xxfi_data = pass_data;
  if (smfi_setconn(argv[1]) == MI_FAILURE || smfi_register(d) == MI_FAILURE) return 1;
  smfi_setbacklog(128);
  if (smfi_opensocket(1) == MI_FAILURE) { fprintf(stderr, "cannot listen on %s\n", argv[1]); return 1; }
  return smfi_main() == MI_SUCCESS ? 0 : 1;
}
