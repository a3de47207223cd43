/* Where the rows of CSV text are, in one pass over its bytes. See readers/columnar.py
 * (_split_rows), which gives the same answer with numpy when this module is not built. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
/* SSE2 is part of every x86-64 processor: GCC and Clang say so with __SSE2__, MSVC with _M_X64.
 * Elsewhere (ARM ...) the plain loop below does the same work a byte at a time. */
#if defined(__SSE2__) || defined(_M_X64)
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
        for (int index = 0; index <= COLUMNS; index++) {
            PyObject *item = index < COLUMNS
                ? PyBytes_FromStringAndSize((const char *)scan.columns[index].items,
                                            scan.columns[index].size * (Py_ssize_t)sizeof(int64_t))
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

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS,
     "scan(data, final) -> (starts, stops, lines, quotes, breaks, plain, used) or None.\n\n"
     "The complete rows of CSV text; each of the first six is native int64 bytes."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT, .m_name = "_rowscan", .m_size = -1, .m_methods = methods};

PyMODINIT_FUNC PyInit__rowscan(void) { return PyModule_Create(&definition); }
