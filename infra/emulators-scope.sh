# Sourced by the scripts that need the emulators for as long as they run
# (dev.sh, test.sh): starts them, and on exit stops only those this script
# started, so emulators someone else started keep running. The trap is set
# before starting, so a start that fails halfway cleans up too; it must
# succeed, since an EXIT trap's failure would become the script's status.
before=$(infra/emulators.sh running)
cleanup() { infra/emulators.sh stop-new "$before" >/dev/null || true; }
trap cleanup EXIT
infra/emulators.sh start
