-- LiveConvo production database (seed 003): fraud checks and rate limits instead of the audit trail.
CREATE TYPE public.referral_status AS ENUM ('pending', 'completed', 'rewarded', 'expired');

CREATE TABLE public.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email varchar(255) NOT NULL UNIQUE,
  full_name text,
  referral_code varchar(10) UNIQUE,
  referred_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  title text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  plan text NOT NULL,
  status text NOT NULL DEFAULT 'active',
  current_period_end timestamptz
);

CREATE TABLE public.user_referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referrer_user_id uuid NOT NULL REFERENCES public.users(id),
  referee_user_id uuid REFERENCES public.users(id),
  referral_code varchar(10) NOT NULL,
  status public.referral_status DEFAULT 'pending',
  reward_amount numeric DEFAULT 5.00,
  referee_discount_percent integer DEFAULT 10,
  referee_discount_applied boolean DEFAULT false,
  device_id text,
  ip_address inet,
  created_at timestamptz DEFAULT now(),
  completed_at timestamptz,
  rewarded_at timestamptz,
  first_payment_id text,
  stripe_coupon_id text,
  stripe_checkout_session_id text
);

CREATE TABLE public.referral_fraud_checks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid REFERENCES public.users(id),
  device_id text,
  ip_address inet,
  card_fingerprint text,
  check_type varchar(50),
  flagged boolean DEFAULT false,
  created_at timestamptz DEFAULT now()
);
CREATE INDEX idx_referral_fraud_checks_device_id ON public.referral_fraud_checks (device_id);
CREATE INDEX idx_referral_fraud_checks_ip_address ON public.referral_fraud_checks (ip_address);
CREATE INDEX idx_referral_fraud_checks_card_fingerprint ON public.referral_fraud_checks (card_fingerprint);

CREATE FUNCTION public.check_referral_limits(p_referrer_id uuid, p_ip_address inet, p_device_id text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM public.user_referrals
           WHERE referrer_user_id = p_referrer_id AND created_at > now() - interval '1 day') < 10
     AND (SELECT count(*) FROM public.referral_fraud_checks
           WHERE (ip_address = p_ip_address OR device_id = p_device_id) AND flagged) = 0;
END $$;

CREATE FUNCTION public.generate_referral_code(p_user_id uuid) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v_initials text;
BEGIN
  SELECT upper(left(coalesce(full_name, email), 2)) INTO v_initials FROM public.users WHERE id = p_user_id;
  RETURN v_initials || upper(substr(md5(random()::text), 1, 4));
END $$;

CREATE FUNCTION public.handle_new_user_referral() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF NEW.referral_code IS NULL THEN
    NEW.referral_code := public.generate_referral_code(NEW.id);
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION public.process_referral_code(p_referral_code text, p_referee_id uuid, p_ip_address inet, p_device_id text)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE v_referrer uuid;
BEGIN
  SELECT id INTO v_referrer FROM public.users WHERE referral_code = p_referral_code;
  IF v_referrer IS NULL OR v_referrer = p_referee_id THEN
    RETURN false;
  END IF;
  IF NOT public.check_referral_limits(v_referrer, p_ip_address, p_device_id) THEN
    INSERT INTO public.referral_fraud_checks (user_id, device_id, ip_address, check_type, flagged)
    VALUES (p_referee_id, p_device_id, p_ip_address, 'rate_limit', true);
    RETURN false;
  END IF;
  INSERT INTO public.user_referrals (referrer_user_id, referee_user_id, referral_code, ip_address, device_id)
  VALUES (v_referrer, p_referee_id, p_referral_code, p_ip_address, p_device_id);
  RETURN true;
END $$;

CREATE TRIGGER set_user_referral_code BEFORE INSERT ON public.users FOR EACH ROW EXECUTE FUNCTION public.handle_new_user_referral();
