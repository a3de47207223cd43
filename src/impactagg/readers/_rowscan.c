/* The compiled part of reading a large CSV file by columns (readers/columnar.py):
 * scan() finds where the rows of CSV text are, in one pass over its bytes (_split_rows gives
 * the same answer with numpy when this module is not built); cells() splits those rows into
 * cells, makes the clean tests on them and copies out the cells polars keeps, as Arrow columns
 * (_facts; polars makes the same tests itself when this module is not built). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
/* SSE2 is part of every x86-64 processor: GCC and Clang say so with __SSE2__, MSVC with _M_X64.
 * Elsewhere (ARM ...) the plain loop below does the same work a byte at a time; ROWSCAN_NO_SIMD
 * asks for that loop on x86-64 too, so that the tests can build and run it (test_columnar.py). */
#if (defined(__SSE2__) || defined(_M_X64)) && !defined(ROWSCAN_NO_SIMD)
#define ROWSCAN_SSE2 1
#include <emmintrin.h>
#ifdef _MSC_VER
#include <intrin.h>
static inline int lowest_bit(unsigned mask) {
    unsigned long index;
    _BitScanForward(&index, mask);
    return (int)index;
}
#else
static inline int lowest_bit(unsigned mask) { return __builtin_ctz(mask); }
#endif
#endif

typedef struct {
    int64_t *items;
    Py_ssize_t size, capacity;
} Column;

static int column_push(Column *column, int64_t value) {
    if (column->size == column->capacity) {
        Py_ssize_t capacity = column->capacity ? 2 * column->capacity : 4096;
        int64_t *items = realloc(column->items, (size_t)capacity * sizeof(int64_t));
        if (items == NULL) return -1;
        column->items = items;
        column->capacity = capacity;
    }
    column->items[column->size++] = value;
    return 0;
}

enum { STARTS, STOPS, LINES, QUOTES, BREAKS, PLAIN, COLUMNS };

typedef struct {
    const unsigned char *data;
    Py_ssize_t size;
    Column columns[COLUMNS];
    int failed, refused;
    int64_t quote_total, row_quotes, row_lines, newlines_after_return, returns;
    Py_ssize_t row_start, last_newline, last_quote;
    int row_plain;
} Scan;

static void end_row(Scan *scan, int64_t stop, int64_t lines, int64_t breaks) {
    Column *columns = scan->columns;
    scan->failed |= column_push(&columns[STARTS], scan->row_start) | column_push(&columns[STOPS], stop)
                    | column_push(&columns[LINES], lines)
                    | column_push(&columns[QUOTES], scan->quote_total - scan->row_quotes)
                    | column_push(&columns[BREAKS], breaks) | column_push(&columns[PLAIN], scan->row_plain);
}

/* One NUL, line feed, carriage return or quote at ``at``. */
static inline void visit(Scan *scan, Py_ssize_t at) {
    const unsigned char *data = scan->data;
    switch (data[at]) {
    case '"': {
        /* Quotes that only enclose whole cells: an opening one after a delimiter or a line
         * break, a closing one before them, and no two touching (an escaped quote). */
        const unsigned char before = at > 0 ? data[at - 1] : '\n';
        const unsigned char after = at + 1 < scan->size ? data[at + 1] : '\n';
        if (scan->quote_total % 2 == 0) {
            if (before != ',' && before != '\n') scan->row_plain = 0;
        } else if (after != ',' && after != '\n' && after != '\r') {
            scan->row_plain = 0;
        }
        if (scan->last_quote == at - 1) scan->row_plain = 0;
        scan->last_quote = at;
        scan->quote_total++;
        break;
    }
    case '\n':
        scan->row_lines++;
        scan->last_newline = at;
        if (at > 0 && data[at - 1] == '\r') scan->newlines_after_return++;
        if (scan->quote_total % 2 == 0) { /* not inside a quoted cell: the row ends */
            const int64_t stop = at + 1;
            end_row(scan, stop, scan->row_lines, 1 + (stop >= 2 && data[stop - 2] == '\r'));
            scan->row_start = stop;
            scan->row_lines = 0;
            scan->row_quotes = scan->quote_total;
            scan->row_plain = 1;
        }
        break;
    case '\r':
        scan->returns++;
        break;
    case 0:
        scan->refused = 1;
        break;
    }
}

static void scan_bytes(Scan *scan) {
    const unsigned char *data = scan->data;
    const Py_ssize_t size = scan->size;
    Py_ssize_t at = 0;
#ifdef ROWSCAN_SSE2
    /* Sixteen bytes at a time: most hold none of the four that matter. */
    const __m128i newline = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
    const __m128i carriage = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
    for (; at + 16 <= size && !scan->refused && !scan->failed; at += 16) {
        const __m128i block = _mm_loadu_si128((const __m128i *)(data + at));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(block, newline), _mm_cmpeq_epi8(block, quote)),
            _mm_or_si128(_mm_cmpeq_epi8(block, carriage), _mm_cmpeq_epi8(block, zero))));
        while (mask) {
            visit(scan, at + lowest_bit(mask));
            mask &= mask - 1;
        }
    }
#endif
    static const unsigned char special[256] = {[0] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1};
    for (; at < size && !scan->refused && !scan->failed; at++) {
        if (special[data[at]]) visit(scan, at);
    }
}

static PyObject *scan(PyObject *Py_UNUSED(module), PyObject *args) {
    Py_buffer view;
    int final;
    if (!PyArg_ParseTuple(args, "y*p", &view, &final)) return NULL;
    Scan scan = {.data = view.buf, .size = view.len, .last_newline = -1, .last_quote = -2, .row_plain = 1};
    const Py_ssize_t size = view.len;

    Py_BEGIN_ALLOW_THREADS
    scan_bytes(&scan);
    /* A carriage return must end a line (old Mac line ends, or one inside a cell, are left to
     * the csv module); one at the very end may be the first half of a CRLF in the next slice. */
    if (!scan.refused
        && scan.returns - (!final && size > 0 && scan.data[size - 1] == '\r') != scan.newlines_after_return)
        scan.refused = 1;
    if (!scan.failed && !scan.refused && final && scan.row_start < size) {
        if (scan.quote_total % 2) {
            scan.refused = 1; /* a quote never closed */
        } else {
            const int64_t ends_line = size <= scan.last_newline + 1;
            end_row(&scan, size, scan.row_lines + 1, ends_line + (ends_line && size >= 2 && scan.data[size - 2] == '\r'));
            scan.row_start = size;
        }
    }
    Py_END_ALLOW_THREADS

    PyBuffer_Release(&view);
    PyObject *result = NULL;
    if (scan.failed) {
        PyErr_NoMemory();
    } else if (scan.refused) {
        result = Py_NewRef(Py_None);
    } else if ((result = PyTuple_New(COLUMNS + 1)) != NULL) {
        /* plain as one byte per row, as cells() reads it (packed in place: byte n lies in item
         * n / 8, read by then); the others as int64 */
        Column *flags = &scan.columns[PLAIN];
        for (Py_ssize_t row = 0; row < flags->size; row++)
            ((unsigned char *)flags->items)[row] = (unsigned char)flags->items[row];
        for (int index = 0; index <= COLUMNS; index++) {
            PyObject *item = index < COLUMNS
                ? PyBytes_FromStringAndSize((const char *)scan.columns[index].items,
                                            scan.columns[index].size
                                                * (index == PLAIN ? 1 : (Py_ssize_t)sizeof(int64_t)))
                : PyLong_FromSsize_t(scan.row_start);
            if (item == NULL) {
                Py_CLEAR(result);
                break;
            }
            PyTuple_SET_ITEM(result, index, item);
        }
    }
    for (int index = 0; index < COLUMNS; index++) free(scan.columns[index].items);
    return result;
}

/* ---- The cells of each row: tested, and the short ones copied out --------------------------
 * See readers/columnar.py (_facts, _rules): the same tests as its polars expressions (_clean),
 * each column's rule given by Python. The text is checked to be UTF-8 first, so characters
 * are then decoded without further checks. */

enum { /* what a column's rule asks (columnar._Rule) */
    KEEP = 1 << 0,     /* copy the stripped cell out, for polars */
    WRITTEN = 1 << 1,  /* a character that is not whitespace */
    CONTACT = 1 << 2,  /* no '@', nothing like a phone number */
    EXAMPLE = 1 << 3,  /* not containing the template's example title */
    FILLED = 1 << 4,   /* not empty once stripped */
    OPTIONAL = 1 << 5, /* empty once stripped, or passing the tests below */
    CODE = 1 << 6,     /* one of the accepted spellings, or a number 1 to ``top`` (1.0 ...) */
    ID = 1 << 7,       /* an identifier */
    IDS = 1 << 8,      /* identifiers separated by ';' */
    YEAR = 1 << 9,     /* four digits from ``first year`` to ``last year`` */
    DATE = 1 << 10,    /* YYYY-MM-DD, a real day, starting with the row's year as written */
    REPEAT = 1 << 11,  /* kept null when the row repeats the previous row's cells of this kind */
    LOWER = 1 << 12,   /* kept twice: as written, then with ASCII letters lowercased (a key) */
};

typedef struct {
    long flags, top;
    Py_ssize_t accepted_count;
    const char **accepted;
    Py_ssize_t *accepted_sizes;
    Py_ssize_t *slots; /* an open-addressing table of the accepted spellings: index + 1, or 0 */
    size_t slot_mask;
} Rule;

/* A hash of a short cell: its length, its first eight bytes and its last eight (codes differ
 * there), mixed by one multiplication. Equal cells always hash alike; that is all it needs. */
static inline size_t hash_of(const unsigned char *bytes, Py_ssize_t size) {
    uint64_t head = 0, tail = 0;
    memcpy(&head, bytes, (size_t)(size < 8 ? size : 8));
    if (size > 8) memcpy(&tail, bytes + size - 8, 8);
    const uint64_t mixed = (head ^ (tail * 31) ^ (uint64_t)size) * 0x9E3779B97F4A7C15u;
    return (size_t)(mixed >> 32);
}

typedef struct {
    const unsigned char *spaces, *digits; /* one bit per code point: Python's \s and \d */
    const unsigned char *id_first, *id_rest; /* one byte per byte value: allowed in an identifier */
    Py_ssize_t id_longest, first_year, last_year, year_column;
    const unsigned char *example;
    Py_ssize_t example_size;
} Classes;

/* Whether ``data`` is valid UTF-8 as Python's decoder has it (no surrogates, no overlong forms). */
static int valid_utf8(const unsigned char *data, Py_ssize_t size) {
    Py_ssize_t at = 0;
    while (at < size) {
#ifdef ROWSCAN_SSE2
        if (at + 16 <= size) {
            const unsigned mask = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(data + at)));
            if (!mask) {
                at += 16;
                continue;
            }
            at += lowest_bit(mask);
        }
#endif
        const unsigned char lead = data[at];
        if (lead < 0x80) {
            at++;
            continue;
        }
        int follow;
        unsigned char low = 0x80, high = 0xBF; /* the second byte's range */
        if (lead >= 0xC2 && lead <= 0xDF) {
            follow = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            follow = 2;
            if (lead == 0xE0) low = 0xA0;
            if (lead == 0xED) high = 0x9F; /* not a surrogate */
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            follow = 3;
            if (lead == 0xF0) low = 0x90;
            if (lead == 0xF4) high = 0x8F; /* not beyond U+10FFFF */
        } else {
            return 0;
        }
        if (at + follow >= size) return 0; /* cut short */
        if (data[at + 1] < low || data[at + 1] > high) return 0;
        for (int next = 2; next <= follow; next++) {
            if ((data[at + next] & 0xC0) != 0x80) return 0;
        }
        at += follow + 1;
    }
    return 1;
}

/* The first ``byte`` from ``at`` before ``stop``, or ``stop``: cells are short, and a call to
 * memchr for each costs more than looking. */
static inline Py_ssize_t find_byte(const unsigned char *data, Py_ssize_t at, Py_ssize_t stop, unsigned char byte) {
#ifdef ROWSCAN_SSE2
    const __m128i wanted = _mm_set1_epi8((char)byte);
    for (; at + 16 <= stop; at += 16) {
        const unsigned mask =
            (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(data + at)), wanted));
        if (mask) return at + lowest_bit(mask);
    }
#endif
    for (; at < stop; at++) {
        if (data[at] == byte) return at;
    }
    return stop;
}

static inline int has_bit(const unsigned char *bits, uint32_t code) { return bits[code >> 3] >> (code & 7) & 1; }

/* The character at ``*at`` (valid UTF-8), and ``*at`` moved past it. */
static inline uint32_t next_char(const unsigned char *data, Py_ssize_t *at) {
    const unsigned char lead = data[*at];
    if (lead < 0x80) {
        *at += 1;
        return lead;
    }
    if (lead < 0xE0) {
        const uint32_t code = (uint32_t)(lead & 0x1F) << 6 | (data[*at + 1] & 0x3F);
        *at += 2;
        return code;
    }
    if (lead < 0xF0) {
        const uint32_t code =
            (uint32_t)(lead & 0x0F) << 12 | (uint32_t)(data[*at + 1] & 0x3F) << 6 | (data[*at + 2] & 0x3F);
        *at += 3;
        return code;
    }
    const uint32_t code = (uint32_t)(lead & 0x07) << 18 | (uint32_t)(data[*at + 1] & 0x3F) << 12
                          | (uint32_t)(data[*at + 2] & 0x3F) << 6 | (data[*at + 3] & 0x3F);
    *at += 4;
    return code;
}

/* The cell from ``*begin`` to ``*end`` without the whitespace str.strip() removes. */
static void strip(const unsigned char *data, Py_ssize_t *begin, Py_ssize_t *end, const Classes *classes) {
    /* Most cells begin and end with a visible ASCII character: nothing to strip. */
    if (*begin < *end && data[*begin] > ' ' && data[*begin] < 0x80 && data[*end - 1] > ' ' && data[*end - 1] < 0x80)
        return;
    while (*begin < *end) {
        Py_ssize_t next = *begin;
        if (!has_bit(classes->spaces, next_char(data, &next))) break;
        *begin = next;
    }
    while (*end > *begin) {
        Py_ssize_t last = *end - 1;
        while (last > *begin && (data[last] & 0xC0) == 0x80) last--; /* back to the character's first byte */
        Py_ssize_t next = last;
        if (!has_bit(classes->spaces, next_char(data, &next))) break;
        *end = last;
    }
}

static int contains(const unsigned char *cell, Py_ssize_t size, const unsigned char *part, Py_ssize_t part_size) {
    if (part_size == 0) return 1;
    for (Py_ssize_t at = 0; at + part_size <= size; at++) {
        const unsigned char *found = memchr(cell + at, part[0], (size_t)(size - part_size - at + 1));
        if (found == NULL) return 0;
        at = found - cell;
        if (memcmp(found, part, (size_t)part_size) == 0) return 1;
    }
    return 0;
}

/* Where the search for a phone number stands (columnar._PHONE_SUPERSET: '+' or '0', a digit,
 * then seven more digits each after at most one other character). */
typedef struct {
    int counting, count;
    Py_ssize_t gap; /* characters since the last digit: two or more end a run of digits */
    uint32_t previous;
} Run;

/* One more character of free text: 0 when the text now holds contact details. */
static inline int step(Run *run, uint32_t code, const Classes *classes) {
    if (code == '@') return 0;
    if (code < 0x80 ? code - '0' < 10u : has_bit(classes->digits, code)) {
        if (run->gap >= 2) run->counting = 0;
        if (!run->counting && (run->previous == '+' || run->previous == '0')) {
            run->counting = 1;
            run->count = 0;
        }
        if (run->counting && ++run->count >= 8) return 0;
        run->gap = 0;
    } else {
        run->gap++;
    }
    run->previous = code;
    return 1;
}

/* Whether free text passes ``flags``: written (a character that is not whitespace), no contact
 * details (no '@', no phone number: see Run), not the example title. */
static int text_passes(const unsigned char *cell, Py_ssize_t size, Py_ssize_t readable, long flags,
                       const Classes *classes) {
    if ((flags & EXAMPLE) && contains(cell, size, classes->example, classes->example_size)) return 0;
    const int contact = (flags & CONTACT) != 0;
    int written = !(flags & WRITTEN);
    Run run = {.gap = 2};
    Py_ssize_t at = 0;
    while (at < size && !written) { /* up to the first character that is not whitespace */
        const uint32_t code = next_char(cell, &at);
        written = !has_bit(classes->spaces, code);
        if (contact && !step(&run, code, classes)) return 0;
    }
    if (!contact || !written) return written;
    while (at < size) {
#ifdef ROWSCAN_SSE2
        if (at + 16 <= readable) { /* the text's last bytes too, when bytes follow it */
            /* Plain ASCII characters (no digit, no '@', none beyond ASCII) only lengthen the
             * gap: only the others of each sixteen bytes are looked at one by one. */
            const Py_ssize_t start = at, end = at + 16 <= size ? at + 16 : size;
            const unsigned within = end - start == 16 ? 0xFFFFu : (1u << (end - start)) - 1;
            const __m128i block = _mm_loadu_si128((const __m128i *)(cell + at));
            const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(block, _mm_set1_epi8('0' - 1)),
                                                _mm_cmplt_epi8(block, _mm_set1_epi8('9' + 1)));
            const __m128i other = _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('@')),
                                               _mm_cmplt_epi8(block, _mm_setzero_si128()));
            for (unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(digit, other)) & within; mask;
                 mask &= mask - 1) {
                const Py_ssize_t place = start + lowest_bit(mask);
                if (place < at) continue; /* within a character read already */
                if (place > at) {
                    run.gap += place - at;
                    run.previous = cell[place - 1];
                    at = place;
                }
                if (!step(&run, cell[at] < 0x80 ? cell[at++] : next_char(cell, &at), classes)) return 0;
            }
            if (at < end) {
                run.gap += end - at;
                run.previous = cell[end - 1];
                at = end;
            }
            continue;
        }
#endif
        if (!step(&run, cell[at] < 0x80 ? cell[at++] : next_char(cell, &at), classes)) return 0;
    }
    return 1;
}

static int is_id(const unsigned char *cell, Py_ssize_t size, const Classes *classes) {
    if (size < 1 || size > classes->id_longest || !classes->id_first[cell[0]]) return 0;
    for (Py_ssize_t at = 1; at < size; at++) {
        if (!classes->id_rest[cell[at]]) return 0;
    }
    return 1;
}

static int is_code(const unsigned char *cell, Py_ssize_t size, const Rule *rule) {
    if (rule->accepted_count) {
        for (size_t slot = hash_of(cell, size) & rule->slot_mask;; slot = (slot + 1) & rule->slot_mask) {
            const Py_ssize_t index = rule->slots[slot] - 1;
            if (index < 0) break;
            if (rule->accepted_sizes[index] == size && memcmp(rule->accepted[index], cell, (size_t)size) == 0)
                return 1;
        }
    }
    /* A number 1 to top: 3, 3.0, 3.00 ... */
    if (size < 1 || cell[0] < '1' || cell[0] > '0' + rule->top) return 0;
    if (size == 1) return 1;
    if (size < 3 || cell[1] != '.') return 0;
    for (Py_ssize_t at = 2; at < size; at++) {
        if (cell[at] != '0') return 0;
    }
    return 1;
}

static int digits_at(const unsigned char *cell, int first, int count) {
    int value = 0;
    for (int at = first; at < first + count; at++) {
        if (cell[at] < '0' || cell[at] > '9') return -1;
        value = value * 10 + (cell[at] - '0');
    }
    return value;
}

static int is_date(const unsigned char *cell, Py_ssize_t size, const unsigned char *year, Py_ssize_t year_size) {
    if (size != 10 || cell[4] != '-' || cell[7] != '-' || year_size != 4 || memcmp(cell, year, 4) != 0) return 0;
    const int number = digits_at(cell, 0, 4), month = digits_at(cell, 5, 2), day = digits_at(cell, 8, 2);
    if (number < 0 || month < 1 || month > 12 || day < 1) return 0;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int leap = month == 2 && number % 4 == 0 && (number % 100 != 0 || number % 400 == 0);
    return day <= days[month - 1] + leap;
}

static inline int short_passes(const unsigned char *cell, Py_ssize_t size, const Rule *rule, const Classes *classes,
                        const unsigned char *year, Py_ssize_t year_size) {
    const long flags = rule->flags;
    if (size == 0) return !(flags & (FILLED | CODE | ID | IDS | YEAR | DATE)) || (flags & OPTIONAL);
    if ((flags & CODE) && !is_code(cell, size, rule)) return 0;
    if ((flags & ID) && !is_id(cell, size, classes)) return 0;
    if (flags & IDS) {
        Py_ssize_t begin = 0;
        for (Py_ssize_t at = 0; at <= size; at++) {
            if (at == size || cell[at] == ';') {
                if (!is_id(cell + begin, at - begin, classes)) return 0;
                begin = at + 1;
            }
        }
    }
    if (flags & YEAR) {
        const int number = size == 4 ? digits_at(cell, 0, 4) : -1;
        if (number < classes->first_year || number > classes->last_year) return 0;
    }
    if ((flags & DATE) && !is_date(cell, size, year, year_size)) return 0;
    return 1;
}

/* A kept column as Arrow lays out a large string column: the stripped cells one after the
 * other, where each row's cell starts (and the last one ends), and which rows have one: a row
 * that repeats the previous row's entity details has none (null), polars fills it in. */
typedef struct {
    char *text;
    Py_ssize_t size, capacity; /* of text */
    int64_t *offsets;   /* rows + 1 */
    uint8_t *validity;  /* a bit per row */
    int64_t nulls;
} Kept;

typedef struct {
    const unsigned char *data;
    Py_ssize_t size; /* of data */
    const int64_t *starts, *stops, *breaks;
    const unsigned char *plain; /* one byte per row */
    Py_ssize_t columns, kept_count, longest;
    const Rule *rules;
    Classes classes;
    Py_ssize_t *begins, *ends; /* each cell of the row at hand, without its quotes */
    Py_ssize_t *previous_begins, *previous_ends; /* the previous row's, when it was split */
    int previous_split;
    Kept *kept; /* the kept columns, in order (a LOWER column's lowered copy right after it) */
    uint64_t *failed;       /* a bit per column whose test the row's cell fails (every bit: not split) */
    unsigned char *repeats; /* one byte per row */
    int too_long, out_of_memory;
} Cells;

/* ``size`` bytes copied from ``from`` to ``to``, ASCII letters lowercased (other bytes as they
 * are), eight at a time: in each byte below 0x80, adding 0x7F - 'Z' sets the top bit from '['
 * up and adding 0x80 - 'A' from 'A' up (no carry reaches the next byte), so the two differ there
 * exactly for 'A' to 'Z'; that bit, moved to 0x20, makes the letter small. */
static inline void copy_lower(unsigned char *to, const unsigned char *from, Py_ssize_t size) {
    const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
    Py_ssize_t at = 0;
    for (; at + 8 <= size; at += 8) {
        uint64_t word;
        memcpy(&word, from + at, 8);
        const uint64_t low = word & ~tops;
        word |= (((low + (0x7F - 'Z') * ones) ^ (low + (0x80 - 'A') * ones)) & ~word & tops) >> 2;
        memcpy(to + at, &word, 8);
    }
    for (; at < size; at++) {
        const unsigned char byte = from[at];
        to[at] = (unsigned char)(byte >= 'A' && byte <= 'Z' ? byte + ('a' - 'A') : byte);
    }
}

/* Row ``row``'s cell of a kept column: ``size`` bytes, or none (null) when ``bytes`` is NULL;
 * ``lower``: with ASCII letters lowercased (only a cell that passed its test is used so: an id,
 * nothing beyond ASCII). Its text grows as needed (the kept cells are a small part of the
 * rows); 0 when out of memory. */
static inline int keep(Kept *kept, Py_ssize_t row, const unsigned char *bytes, Py_ssize_t size, int lower) {
    if (bytes != NULL) {
        if (size > kept->capacity - kept->size) {
            const Py_ssize_t capacity = 2 * kept->capacity > kept->size + size ? 2 * kept->capacity : kept->size + size;
            char *text = realloc(kept->text, (size_t)capacity);
            if (text == NULL) return 0;
            kept->text = text;
            kept->capacity = capacity;
        }
        if (lower) copy_lower((unsigned char *)kept->text + kept->size, bytes, size);
        else memcpy(kept->text + kept->size, bytes, (size_t)size);
        kept->size += size;
        kept->validity[row >> 3] |= (uint8_t)(1 << (row & 7));
    } else {
        kept->nulls++;
    }
    kept->offsets[row + 1] = kept->size;
    return 1;
}

/* A row that is read again: its kept cells empty (the csv module's reading replaces them). */
static void empty_row(Cells *cells, Py_ssize_t row) {
    static const unsigned char nothing[1] = {0};
    for (Py_ssize_t index = 0; index < cells->kept_count; index++) keep(&cells->kept[index], row, nothing, 0, 0);
}

/* Split row ``row`` into cells (its quotes only enclose whole cells, so a cell ends at the next
 * delimiter outside quotes), test them, copy its kept cells out stripped. */
static void check_row(Cells *cells, Py_ssize_t row) {
    const unsigned char *data = cells->data;
    const Py_ssize_t start = (Py_ssize_t)cells->starts[row];
    const Py_ssize_t stop = (Py_ssize_t)(cells->stops[row] - cells->breaks[row]);
    Py_ssize_t column = 0;
    if (cells->plain[row]) {
        for (Py_ssize_t at = start;;) {
            Py_ssize_t begin = at, end, next;
            const int quoted = at < stop && data[at] == '"';
            if (quoted) { /* plain: the closing quote is there, a delimiter or the end after it */
                begin = at + 1;
                end = find_byte(data, begin, stop, '"');
                next = end + 1;
            } else {
                end = next = find_byte(data, at, stop, ',');
            }
            cells->too_long |= end - begin >= cells->longest;
            if (column < cells->columns) {
                cells->begins[column] = begin;
                cells->ends[column] = end;
            }
            column++;
            if (next >= stop) break;
            at = next + 1; /* past the delimiter */
        }
    } else {
        cells->too_long |= stop - start >= cells->longest; /* no cell is longer than its row */
    }
    if (column != cells->columns) { /* quotes inside cells, a short or long row: the csv module reads it */
        cells->failed[row] = UINT64_MAX;
        cells->repeats[row] = 0;
        cells->previous_split = 0;
        empty_row(cells, row);
        return;
    }
    const Classes *classes = &cells->classes;
    const Py_ssize_t year = classes->year_column;
    if (year >= 0) strip(data, &cells->begins[year], &cells->ends[year], classes);
    /* Rows of one entity repeat its details: only a change is copied out (columnar._facts
     * fills the rest in from the row before). */
    int repeats = cells->previous_split;
    for (column = 0; column < cells->columns; column++) {
        if (!(cells->rules[column].flags & REPEAT)) continue;
        strip(data, &cells->begins[column], &cells->ends[column], classes);
        const Py_ssize_t size = cells->ends[column] - cells->begins[column];
        repeats = repeats && size == cells->previous_ends[column] - cells->previous_begins[column]
                  && memcmp(data + cells->begins[column], data + cells->previous_begins[column], (size_t)size) == 0;
        cells->previous_begins[column] = cells->begins[column];
        cells->previous_ends[column] = cells->ends[column];
    }
    cells->previous_split = 1;
    cells->repeats[row] = (unsigned char)repeats;
    /* Every cell is tested, also after one fails: which cells fail tells the models which of
     * the row's values to read (checks.check_fields). A clean row costs the same. */
    uint64_t failed = 0;
    int copied = 0;
    for (column = 0; column < cells->columns; column++) {
        const Rule *rule = &cells->rules[column];
        const uint64_t bit = (uint64_t)1 << column;
        Py_ssize_t begin = cells->begins[column], end = cells->ends[column];
        if (rule->flags & (WRITTEN | CONTACT | EXAMPLE)) {
            if (!text_passes(data + begin, end - begin, cells->size - begin, rule->flags, classes)) failed |= bit;
            continue;
        }
        if (rule->flags == 0) continue;
        if (column != year) strip(data, &begin, &end, classes);
        const unsigned char *year_text = year >= 0 ? data + cells->begins[year] : NULL;
        const Py_ssize_t year_size = year >= 0 ? cells->ends[year] - cells->begins[year] : 0;
        if (!short_passes(data + begin, end - begin, rule, classes, year_text, year_size)) failed |= bit;
        if (rule->flags & KEEP) { /* as written between its quotes: plain quotes hold no '""' */
            const unsigned char *given = repeats && (rule->flags & REPEAT) ? NULL : data + begin;
            if (!keep(&cells->kept[copied++], row, given, end - begin, 0)) cells->out_of_memory = 1;
            if ((rule->flags & LOWER) && !keep(&cells->kept[copied++], row, given, end - begin, 1))
                cells->out_of_memory = 1;
        }
    }
    cells->failed[row] = failed;
}

/* The rules of the columns, from Python: (flags, accepted spellings, top) for each. ``items``
 * is a tuple (immutable) that the caller keeps alive until the rules are freed: the rules
 * borrow its bytes, and are read without the GIL. */
static Rule *read_rules(PyObject *items, Py_ssize_t *count) {
    *count = PyTuple_GET_SIZE(items);
    Rule *rules = calloc((size_t)(*count > 0 ? *count : 1), sizeof(Rule));
    if (rules == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t column = 0; column < *count; column++) {
        Rule *rule = &rules[column];
        PyObject *accepted;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(items, column), "lO!l", &rule->flags, &PyTuple_Type, &accepted,
                              &rule->top))
            goto fail;
        if ((rule->flags & KEEP) && (rule->flags & (WRITTEN | CONTACT | EXAMPLE))) {
            PyErr_SetString(PyExc_ValueError, "cells(): a column of free text is never kept");
            goto fail;
        }
        rule->accepted_count = PyTuple_GET_SIZE(accepted);
        rule->accepted = calloc((size_t)rule->accepted_count + 1, sizeof(char *));
        rule->accepted_sizes = calloc((size_t)rule->accepted_count + 1, sizeof(Py_ssize_t));
        if (rule->accepted == NULL || rule->accepted_sizes == NULL) {
            PyErr_NoMemory();
            goto fail;
        }
        size_t slots = 16;
        while (slots < 4 * (size_t)rule->accepted_count) slots *= 2; /* at most a quarter full */
        rule->slots = calloc(slots, sizeof(Py_ssize_t));
        rule->slot_mask = slots - 1;
        if (rule->slots == NULL) {
            PyErr_NoMemory();
            goto fail;
        }
        for (Py_ssize_t index = 0; index < rule->accepted_count; index++) {
            /* Borrowed: ``items`` keeps them alive. */
            if (PyBytes_AsStringAndSize(PyTuple_GET_ITEM(accepted, index), (char **)&rule->accepted[index],
                                        &rule->accepted_sizes[index]) < 0)
                goto fail;
            size_t slot = hash_of((const unsigned char *)rule->accepted[index], rule->accepted_sizes[index]);
            while (rule->slots[slot & rule->slot_mask]) slot++;
            rule->slots[slot & rule->slot_mask] = index + 1;
        }
    }
    return rules;
fail:
    for (Py_ssize_t column = 0; column < *count; column++) {
        free((void *)rules[column].accepted);
        free(rules[column].accepted_sizes);
        free(rules[column].slots);
    }
    free(rules);
    return NULL;
}

/* Whether the rows are where scan() puts them: in order, within the data, each starting where
 * a line ends and ending with the line break it claims. cells() relies on it (a row is split
 * between its bounds, on character boundaries). */
static int rows_in_place(const Cells *work, Py_ssize_t rows, Py_ssize_t size) {
    const unsigned char *data = work->data;
    Py_ssize_t previous = 0;
    for (Py_ssize_t row = 0; row < rows; row++) {
        const int64_t start = work->starts[row], stop = work->stops[row], breaks = work->breaks[row];
        if (start < previous || breaks < 0 || breaks > 2 || stop - breaks < start || stop > size) return 0;
        if (start > 0 && data[start - 1] != '\n') return 0;
        if (breaks > 0 && data[stop - 1] != '\n') return 0;
        if (breaks == 2 && data[stop - 2] != '\r') return 0;
        previous = (Py_ssize_t)stop;
    }
    return 1;
}

/* ---- Kept columns handed to polars: the Arrow C data interface ------------------------------
 * https://arrow.apache.org/docs/format/CDataInterface.html, in PyCapsules as the Arrow PyCapsule
 * interface names them; polars takes them over (readers/columnar.py, _ArrowColumn). */
struct ArrowSchema {
    const char *format, *name, *metadata;
    int64_t flags, n_children;
    struct ArrowSchema **children, *dictionary;
    void (*release)(struct ArrowSchema *);
    void *private_data;
};

struct ArrowArray {
    int64_t length, null_count, offset, n_buffers, n_children;
    const void **buffers;
    struct ArrowArray **children, *dictionary;
    void (*release)(struct ArrowArray *);
    void *private_data;
};

static void schema_release(struct ArrowSchema *schema) { schema->release = NULL; } /* static strings */

static void array_release(struct ArrowArray *array) {
    void **buffers = array->private_data; /* validity, offsets, text: ours to free */
    for (int index = 0; index < 3; index++) free(buffers[index]);
    free(buffers);
    array->release = NULL;
}

/* A capsule's struct is freed with it; its contents too unless polars took them over (which
 * sets ``release`` to NULL). */
static void schema_capsule_free(PyObject *capsule) {
    struct ArrowSchema *schema = PyCapsule_GetPointer(capsule, "arrow_schema");
    if (schema == NULL) {
        PyErr_WriteUnraisable(capsule);
        return;
    }
    if (schema->release != NULL) schema->release(schema);
    free(schema);
}

static void array_capsule_free(PyObject *capsule) {
    struct ArrowArray *array = PyCapsule_GetPointer(capsule, "arrow_array");
    if (array == NULL) {
        PyErr_WriteUnraisable(capsule);
        return;
    }
    if (array->release != NULL) array->release(array);
    free(array);
}

/* The (schema capsule, array capsule) pair of an Arrow column; on failure the column's contents
 * are released with the capsules. */
static PyObject *capsules(struct ArrowSchema *schema, struct ArrowArray *array) {
    PyObject *schema_capsule = PyCapsule_New(schema, "arrow_schema", schema_capsule_free);
    if (schema_capsule == NULL) {
        schema->release(schema);
        free(schema);
    }
    PyObject *array_capsule = PyCapsule_New(array, "arrow_array", array_capsule_free);
    if (array_capsule == NULL) {
        array->release(array);
        free(array);
    }
    if (schema_capsule == NULL || array_capsule == NULL) {
        Py_XDECREF(schema_capsule);
        Py_XDECREF(array_capsule);
        return NULL;
    }
    return Py_BuildValue("NN", schema_capsule, array_capsule);
}

/* A kept column of ``rows`` rows: a large UTF-8 string column ("U", 64-bit offsets) that may
 * hold nulls. Its buffers go with it (NULL in ``kept``), or are left to the caller on failure. */
static PyObject *arrow_column(Kept *kept, Py_ssize_t rows) {
    struct ArrowSchema *schema = calloc(1, sizeof(struct ArrowSchema));
    struct ArrowArray *array = calloc(1, sizeof(struct ArrowArray));
    void **buffers = malloc(3 * sizeof(void *));
    if (schema == NULL || array == NULL || buffers == NULL) {
        free(schema);
        free(array);
        free(buffers);
        return PyErr_NoMemory();
    }
    *schema = (struct ArrowSchema){.format = "U", .name = "", .flags = 2 /* nullable */, .release = schema_release};
    buffers[0] = kept->validity;
    buffers[1] = kept->offsets;
    buffers[2] = kept->text;
    *array = (struct ArrowArray){.length = rows, .null_count = kept->nulls, .n_buffers = 3,
                                 .buffers = (const void **)buffers, .release = array_release,
                                 .private_data = buffers};
    kept->validity = NULL;
    kept->offsets = NULL;
    kept->text = NULL;
    return capsules(schema, array);
}

/* ---- Numbers handed to polars: the scanner's and the cell pass's columns of bytes ---------- */
static void numbers_release(struct ArrowArray *array) {
    void **buffers = array->private_data; /* validity (none), values: ours to free */
    free(buffers[1]);
    free(buffers);
    array->release = NULL;
}

/* column(data, format) -> (arrow_schema, arrow_array) capsules of a copy of ``data``: native
 * numbers of Arrow format "l" (int64), "L" (uint64) or "C" (uint8), without nulls. For polars,
 * without numpy (whose import alone costs a large file's validation 2 to 3 percent). */
static PyObject *column(PyObject *Py_UNUSED(module), PyObject *args) {
    static const char *const formats[] = {"l", "L", "C"};
    static const Py_ssize_t widths[] = {8, 8, 1};
    Py_buffer data;
    const char *format;
    if (!PyArg_ParseTuple(args, "y*s", &data, &format)) return NULL;
    int kind = -1;
    for (int index = 0; index < 3; index++)
        if (strcmp(format, formats[index]) == 0) kind = index;
    if (kind < 0 || data.len % widths[kind]) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_ValueError, "column(): format is not l, L or C, or data is not whole numbers of it");
        return NULL;
    }
    struct ArrowSchema *schema = calloc(1, sizeof(struct ArrowSchema));
    struct ArrowArray *array = calloc(1, sizeof(struct ArrowArray));
    void **buffers = calloc(2, sizeof(void *));
    void *values = malloc(data.len > 0 ? (size_t)data.len : 1);
    if (schema == NULL || array == NULL || buffers == NULL || values == NULL) {
        free(schema);
        free(array);
        free(buffers);
        free(values);
        PyBuffer_Release(&data);
        return PyErr_NoMemory();
    }
    memcpy(values, data.buf, (size_t)data.len);
    buffers[1] = values;
    *schema = (struct ArrowSchema){.format = formats[kind], .name = "", .release = schema_release};
    *array = (struct ArrowArray){.length = data.len / widths[kind], .n_buffers = 2, .buffers = (const void **)buffers,
                                 .release = numbers_release, .private_data = buffers};
    PyBuffer_Release(&data);
    return capsules(schema, array);
}

static PyObject *check_cells(Cells *work, Py_ssize_t rows, Py_ssize_t size) {
    work->failed = malloc((rows > 0 ? (size_t)rows : 1) * sizeof(uint64_t));
    work->repeats = malloc(rows > 0 ? (size_t)rows : 1);
    const size_t columns = (size_t)(work->columns > 0 ? work->columns : 1);
    work->begins = malloc(columns * sizeof(Py_ssize_t));
    work->ends = malloc(columns * sizeof(Py_ssize_t));
    work->previous_begins = malloc(columns * sizeof(Py_ssize_t));
    work->previous_ends = malloc(columns * sizeof(Py_ssize_t));
    work->kept = calloc((size_t)(work->kept_count > 0 ? work->kept_count : 1), sizeof(Kept));
    int allocated = work->failed != NULL && work->repeats != NULL && work->begins != NULL && work->ends != NULL
                    && work->previous_begins != NULL && work->previous_ends != NULL && work->kept != NULL;
    for (Py_ssize_t index = 0; allocated && index < work->kept_count; index++) {
        Kept *kept = &work->kept[index];
        kept->capacity = 16 * rows + 64; /* grows as needed */
        kept->text = malloc((size_t)kept->capacity);
        kept->offsets = calloc((size_t)rows + 1, sizeof(int64_t));
        kept->validity = calloc((size_t)rows / 8 + 1, 1);
        allocated = kept->text != NULL && kept->offsets != NULL && kept->validity != NULL;
    }
    const Py_ssize_t end = rows > 0 ? (Py_ssize_t)work->stops[rows - 1] : 0;
    PyObject *result = NULL;
    if (!allocated) {
        PyErr_NoMemory();
    } else {
        int valid;
        Py_BEGIN_ALLOW_THREADS
        valid = end <= size && valid_utf8(work->data, end);
        for (Py_ssize_t row = 0; valid && !work->out_of_memory && row < rows; row++) check_row(work, row);
        Py_END_ALLOW_THREADS
        if (work->out_of_memory) {
            PyErr_NoMemory();
        } else if (!valid) {
            result = Py_NewRef(Py_None);
        } else {
            PyObject *kept = PyTuple_New(work->kept_count);
            for (Py_ssize_t index = 0; kept != NULL && index < work->kept_count; index++) {
                PyObject *column = arrow_column(&work->kept[index], rows);
                if (column == NULL) Py_CLEAR(kept);
                else PyTuple_SET_ITEM(kept, index, column);
            }
            if (kept != NULL)
                result = Py_BuildValue("Ny#y#O", kept, (const char *)work->failed, rows * (Py_ssize_t)sizeof(uint64_t),
                                       (const char *)work->repeats, rows, work->too_long ? Py_True : Py_False);
        }
    }
    free(work->failed);
    free(work->repeats);
    free(work->begins);
    free(work->ends);
    free(work->previous_begins);
    free(work->previous_ends);
    for (Py_ssize_t index = 0; work->kept != NULL && index < work->kept_count; index++) {
        free(work->kept[index].text); /* NULL once handed over */
        free(work->kept[index].offsets);
        free(work->kept[index].validity);
    }
    free(work->kept);
    return result;
}

static PyObject *cells(PyObject *Py_UNUSED(module), PyObject *args) {
    Py_buffer data, starts, stops, breaks, plain, spaces, digits, id_first, id_rest, example;
    PyObject *rule_list;
    Cells work = {0};
    Classes *classes = &work.classes;
    /* bytes only: the text is read without the GIL, and must not change meanwhile. */
    if (PyTuple_GET_SIZE(args) > 0 && !PyBytes_Check(PyTuple_GET_ITEM(args, 0))) {
        PyErr_SetString(PyExc_TypeError, "cells(): data must be bytes");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*Oy*y*y*y*nnnny*n", &data, &starts, &stops, &breaks, &plain, &rule_list,
                          &spaces, &digits, &id_first, &id_rest, &classes->id_longest, &classes->first_year,
                          &classes->last_year, &classes->year_column, &example, &work.longest))
        return NULL;
    PyObject *result = NULL;
    const Py_ssize_t rows = plain.len;
    Py_ssize_t count = 0;
    PyObject *rule_tuple = PySequence_Tuple(rule_list);
    Rule *rules = rule_tuple != NULL ? read_rules(rule_tuple, &count) : NULL;
    work.data = data.buf;
    work.size = data.len;
    work.starts = starts.buf;
    work.stops = stops.buf;
    work.breaks = breaks.buf;
    if (rules == NULL) {
        /* the error is set */
    } else if (starts.len != rows * 8 || stops.len != rows * 8 || breaks.len != rows * 8 || spaces.len != 0x110000 / 8
               || digits.len != 0x110000 / 8 || id_first.len != 256 || id_rest.len != 256
               || count > 64 || classes->year_column >= count || !rows_in_place(&work, rows, data.len)) {
        PyErr_SetString(PyExc_ValueError,
                        "cells(): arguments of the wrong sizes, more than 64 columns, or rows out of place");
    } else {
        work.plain = plain.buf;
        work.columns = count;
        work.rules = rules;
        classes->spaces = spaces.buf;
        classes->digits = digits.buf;
        classes->id_first = id_first.buf;
        classes->id_rest = id_rest.buf;
        classes->example = example.buf;
        classes->example_size = example.len;
        for (Py_ssize_t column = 0; column < count; column++) /* a lowered copy follows its cell */
            work.kept_count += (rules[column].flags & KEEP) ? 1 + ((rules[column].flags & LOWER) != 0) : 0;
        result = check_cells(&work, rows, data.len);
    }
    if (rules != NULL) {
        for (Py_ssize_t column = 0; column < count; column++) {
            free((void *)rules[column].accepted);
            free(rules[column].accepted_sizes);
            free(rules[column].slots);
        }
        free(rules);
    }
    Py_XDECREF(rule_tuple);
    PyBuffer_Release(&data);
    PyBuffer_Release(&starts);
    PyBuffer_Release(&stops);
    PyBuffer_Release(&breaks);
    PyBuffer_Release(&plain);
    PyBuffer_Release(&spaces);
    PyBuffer_Release(&digits);
    PyBuffer_Release(&id_first);
    PyBuffer_Release(&id_rest);
    PyBuffer_Release(&example);
    return result;
}

/* One bit per code point (bit code % 8 of byte code / 8): Python's whitespace (str.isspace,
 * what str.strip() removes and re's \s) and decimal digits (str.isdecimal, re's \d). */
static PyObject *classes(PyObject *Py_UNUSED(module), PyObject *Py_UNUSED(args)) {
    const Py_ssize_t size = 0x110000 / 8;
    PyObject *spaces = PyBytes_FromStringAndSize(NULL, size), *digits = PyBytes_FromStringAndSize(NULL, size);
    if (spaces == NULL || digits == NULL) {
        Py_XDECREF(spaces);
        Py_XDECREF(digits);
        return NULL;
    }
    unsigned char *space_bits = (unsigned char *)PyBytes_AS_STRING(spaces);
    unsigned char *digit_bits = (unsigned char *)PyBytes_AS_STRING(digits);
    memset(space_bits, 0, (size_t)size);
    memset(digit_bits, 0, (size_t)size);
    for (Py_UCS4 code = 0; code < 0x110000; code++) {
        if (Py_UNICODE_ISSPACE(code)) space_bits[code >> 3] |= (unsigned char)(1 << (code & 7));
        if (Py_UNICODE_ISDECIMAL(code)) digit_bits[code >> 3] |= (unsigned char)(1 << (code & 7));
    }
    return Py_BuildValue("NN", spaces, digits);
}

static PyMethodDef methods[] = {
    {"classes", classes, METH_NOARGS,
     "classes() -> (spaces, digits): one bit per code point, str.isspace() and str.isdecimal()."},
    {"scan", scan, METH_VARARGS,
     "scan(data, final) -> (starts, stops, lines, quotes, breaks, plain, used) or None.\n\n"
     "The complete rows of CSV text; the first five native int64 bytes, plain a byte per row."},
    {"column", column, METH_VARARGS,
     "column(data, format) -> (arrow_schema, arrow_array) capsules of a copy of native numbers\n"
     "of Arrow format l (int64), L (uint64) or C (uint8)."},
    {"cells", cells, METH_VARARGS,
     "cells(data, starts, stops, breaks, plain, rules, spaces, digits, id_first, id_rest, id_longest,\n"
     "      first_year, last_year, year_column, example, longest)\n"
     "-> (the KEEP columns' cells stripped, each (arrow_schema, arrow_array) capsules of a large UTF-8\n"
     "column; native uint64 per row: a bit per column whose cell fails its test (every bit: the row\n"
     "is not split); one byte per row: repeats the previous row's REPEAT cells,\n"
     "null in those columns; a cell too long) or None when not UTF-8.\n"
     "See readers/columnar.py (_facts)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT, .m_name = "_rowscan", .m_size = -1, .m_methods = methods};

PyMODINIT_FUNC PyInit__rowscan(void) { return PyModule_Create(&definition); }
