/* Material physics as plain functions of their parameters: no JSON, no cell,
 * no simulation. lib/db/eval.c feeds them from database materials; the
 * simulation will call them in its hot loop (no allocation here). */
#ifndef SIASSB_MATERIALS_H
#define SIASSB_MATERIALS_H

#include <stddef.h>

/* Linear interpolation in a table with strictly increasing x. Outside
 * [x[0], x[n-1]] the end value is held and *outside is set to 1 (else 0).
 * A single point is a constant. */
double siassb__table_interp(const double *x, const double *y, size_t n, double xq, int *outside);

/* One OCV branch of amorphous LixSi at x: the table inside its range; beyond
 * its last point (x_e, U_e) the stated extension rule, a straight line
 * through (x_e, U_e) and (x_10mV, 0.010 V) continued past x_10mV, so a slow
 * lithiation to a 10 mV cut-off ends at x_10mV. *outside is set beyond x_e. */
double siassb__lisi_ocv_branch(const double *x, const double *u, size_t n, double xq, double x_10mV,
                               int *outside);
#define SIASSB__LISI_OCV_EXTENSION_TARGET_V 0.010

/* The x in [0, x_hi] where a falling branch (as siassb__lisi_ocv_branch)
 * meets the potential u (bisection). */
double siassb__lisi_ocv_branch_inverse(const double *x, const double *u, size_t n, double x_10mV,
                                       double potential, double x_hi);

/* Specific capacity of LixSi per gram of Si, mAh/g. */
double siassb__lisi_specific_capacity(double x, double molar_mass_si_g_per_mol);

/* V/V0 of LixSi from the host's molar volume and the partial molar volume of
 * Li (volume linear in x; Obrovac et al. 2007). */
double siassb__lisi_volume_ratio(double x, double omega_si, double omega_li);

/* Mass density of LixSi, kg/m3: (M_Si + x M_Li) / (V_m,Si V/V0). */
double siassb__lisi_density(double x, double molar_mass_si_g_per_mol, double omega_si,
                            double omega_li);

/* Open-circuit potential between the two branches: h = -1 lithiation branch,
 * +1 delithiation branch (MODEL.md section 2). */
double siassb__ocv_hysteresis(double u_lith, double u_delith, double h);

/* sigma_ref exp(-Ea/k (1/T - 1/T_ref)) */
double siassb__arrhenius(double value_ref, double activation_energy_eV, double T_ref, double T);

/* sigma_ref exp(-B/k (1/(T - T0) - 1/(T_ref - T0))); requires T > T0 and T_ref > T0. */
double siassb__vtf(double value_ref, double pseudo_activation_eV, double T0, double T_ref, double T);

/* Apparent Arrhenius activation energy of a VTF law at T: -k d ln(sigma)/d(1/T)
 * = B T^2 / (T - T0)^2. */
double siassb__vtf_apparent_activation_eV(double pseudo_activation_eV, double T0, double T);

/* Biaxial stress of a film layer bonded to a rigid substrate after one step:
 * the in-plane total strain is fixed, so the elastic strain rate is minus the
 * chemical strain rate (d ln lambda, lambda = (V/V0)^(1/3)) minus the plastic
 * strain rate eps0 ((|s|/sY)^m - 1) sign(s) where |s| > sY. Backward Euler in
 * the plastic term (stiff), solved by a bracketed Newton iteration:
 *   s = s0 - M dlnlambda - M dt eps_p(s). Returns the new stress (Pa). */
double siassb__film_stress_step(double sigma0, double biaxial_modulus, double dlnlambda, double dt,
                                double yield, double eps0, double m);

/* Shift of an equilibrium potential by hydrostatic stress: Omega_Li (sh -
 * sh_ref) / F (V); compression lowers the potential. */
double siassb__stress_potential_shift(double omega_li, double sigma_h, double sigma_h_ref);

#endif
