/* The invoke plan: a run of kernel calls made from C (see kernels.h). */
#include "kernels.h"

typedef void *vp;
typedef int (*fn1)(vp);
typedef int (*fn2)(vp, vp);
typedef int (*fn3)(vp, vp, vp);
typedef int (*fn4)(vp, vp, vp, vp);
typedef int (*fn5)(vp, vp, vp, vp, vp);
typedef int (*fn6)(vp, vp, vp, vp, vp, vp);
typedef int (*fn7)(vp, vp, vp, vp, vp, vp, vp);
typedef int (*fn8)(vp, vp, vp, vp, vp, vp, vp, vp);

int interp_run_plan(const interp_plan_step *steps, int64_t n, int64_t *failed) {
    for (int64_t i = 0; i < n; i++) {
        const interp_plan_step *s = &steps[i];
        void *const *a = s->args;
        int status;
        switch (s->nargs) {
        case 1: status = ((fn1)s->fn)(a[0]); break;
        case 2: status = ((fn2)s->fn)(a[0], a[1]); break;
        case 3: status = ((fn3)s->fn)(a[0], a[1], a[2]); break;
        case 4: status = ((fn4)s->fn)(a[0], a[1], a[2], a[3]); break;
        case 5: status = ((fn5)s->fn)(a[0], a[1], a[2], a[3], a[4]); break;
        case 6: status = ((fn6)s->fn)(a[0], a[1], a[2], a[3], a[4], a[5]); break;
        case 7: status = ((fn7)s->fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6]); break;
        case 8: status = ((fn8)s->fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]); break;
        default: status = -1; break;
        }
        if (status) {
            *failed = i;
            return status;
        }
    }
    return 0;
}
