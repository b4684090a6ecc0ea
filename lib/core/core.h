/* Small helpers every module uses: messages, strings, one-time init. */
#ifndef SIASSB_CORE_H
#define SIASSB_CORE_H

#include <stdarg.h>
#include <stddef.h>

#define SIASSB__MSG_CAP 512

#if defined(__GNUC__)
#define SIASSB__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SIASSB__PRINTF(a, b)
#endif

/* Write a formatted message into buf (cap bytes, may be NULL/0); truncates. */
void siassb__msg(char *buf, size_t cap, const char *fmt, ...) SIASSB__PRINTF(3, 4);
void siassb__vmsg(char *buf, size_t cap, const char *fmt, va_list ap) SIASSB__PRINTF(3, 0);

/* strdup that accepts NULL (returns NULL) */
char *siassb__strdup(const char *s);

/* Turn off GSL's aborting error handler once per process, keeping a handler
 * the host installed. Every creator calls it. */
void siassb__init_once(void);

/* Nonzero when v is neither NaN nor infinite. */
int siassb__finite(double v);

#endif
