// The PostgreSQL project's own C client (Debian: libpq-dev), found with pkg-config.
#include <libpq-fe.h>
