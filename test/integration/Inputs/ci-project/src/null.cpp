// No leak, but an upstream check with a fix-it on the warning itself
// (modernize-use-nullptr), when a test enables it.
int *none() { return 0; }
