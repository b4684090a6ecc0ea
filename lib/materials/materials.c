#include "materials/materials.h"

#include "core/constants.h"

#include <math.h>

double siassb__table_interp(const double *x, const double *y, size_t n, double xq, int *outside)
{
    *outside = 0;
    if (n == 1)
        return y[0];
    if (xq <= x[0]) {
        *outside = xq < x[0];
        return y[0];
    }
    if (xq >= x[n - 1]) {
        *outside = xq > x[n - 1];
        return y[n - 1];
    }
    size_t lo = 0, hi = n - 1; /* x[lo] <= xq < x[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (x[mid] <= xq)
            lo = mid;
        else
            hi = mid;
    }
    double t = (xq - x[lo]) / (x[hi] - x[lo]);
    return y[lo] + t * (y[hi] - y[lo]);
}

double siassb__lisi_ocv_branch(const double *x, const double *u, size_t n, double xq, double x_10mV,
                               int *outside)
{
    double x_e = x[n - 1], u_e = u[n - 1];
    if (xq <= x_e || x_10mV <= x_e)
        return siassb__table_interp(x, u, n, xq, outside);
    *outside = 1;
    return u_e + (SIASSB__LISI_OCV_EXTENSION_TARGET_V - u_e) * (xq - x_e) / (x_10mV - x_e);
}

double siassb__lisi_ocv_branch_inverse(const double *x, const double *u, size_t n, double x_10mV,
                                       double potential, double x_hi)
{
    double lo = 0, hi = x_hi;
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi);
        int outside;
        if (siassb__lisi_ocv_branch(x, u, n, mid, x_10mV, &outside) > potential)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

double siassb__lisi_specific_capacity(double x, double molar_mass_si_g_per_mol)
{
    return x * SIASSB__FARADAY * SIASSB__MAH_PER_COULOMB / molar_mass_si_g_per_mol;
}

double siassb__lisi_volume_ratio(double x, double omega_si, double omega_li)
{
    return 1.0 + x * omega_li / omega_si;
}

double siassb__lisi_density(double x, double molar_mass_si_g_per_mol, double omega_si,
                            double omega_li)
{
    double mass_kg = (molar_mass_si_g_per_mol + x * SIASSB__MOLAR_MASS_LI) * 1e-3;
    return mass_kg / (omega_si * siassb__lisi_volume_ratio(x, omega_si, omega_li));
}

double siassb__ocv_hysteresis(double u_lith, double u_delith, double h)
{
    return u_lith + 0.5 * (1.0 + h) * (u_delith - u_lith);
}

double siassb__arrhenius(double value_ref, double activation_energy_eV, double T_ref, double T)
{
    return value_ref * exp(-activation_energy_eV / SIASSB__BOLTZMANN_EV * (1.0 / T - 1.0 / T_ref));
}

double siassb__vtf(double value_ref, double pseudo_activation_eV, double T0, double T_ref, double T)
{
    return value_ref *
           exp(-pseudo_activation_eV / SIASSB__BOLTZMANN_EV * (1.0 / (T - T0) - 1.0 / (T_ref - T0)));
}

double siassb__vtf_apparent_activation_eV(double pseudo_activation_eV, double T0, double T)
{
    double r = T / (T - T0);
    return pseudo_activation_eV * r * r;
}

static double plastic_rate(double s, double yield, double eps0, double m)
{
    double r = fabs(s) / yield;
    return r > 1.0 ? copysign(eps0 * (pow(r, m) - 1.0), s) : 0.0;
}

double siassb__film_stress_step(double sigma0, double biaxial_modulus, double dlnlambda, double dt,
                                double yield, double eps0, double m)
{
    double trial = sigma0 - biaxial_modulus * dlnlambda; /* elastic predictor */
    if (fabs(trial) <= yield)
        return trial;
    /* the root lies between the yield stress and the trial stress (same sign) */
    double lo = copysign(yield, trial), hi = trial;
    if (lo > hi) {
        double t = lo;
        lo = hi, hi = t;
    }
    double s = 0.5 * (lo + hi);
    for (int it = 0; it < 100; it++) {
        double g = s - trial + biaxial_modulus * dt * plastic_rate(s, yield, eps0, m);
        if (fabs(g) <= 1e-9 * yield)
            break;
        /* g rises with s: shrink the bracket, then Newton inside it */
        if (g > 0)
            hi = s;
        else
            lo = s;
        double r = fabs(s) / yield;
        double slope = 1.0 + biaxial_modulus * dt * eps0 * m * pow(r, m - 1.0) / yield;
        double next = s - g / slope;
        s = next > lo && next < hi ? next : 0.5 * (lo + hi);
    }
    return s;
}

double siassb__stress_potential_shift(double omega_li, double sigma_h, double sigma_h_ref)
{
    return omega_li * (sigma_h - sigma_h_ref) / SIASSB__FARADAY;
}
